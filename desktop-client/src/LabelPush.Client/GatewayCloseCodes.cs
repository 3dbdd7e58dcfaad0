using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LabelPush.Client
{
    /// <summary>
    /// The close codes push-gateway ends a connection with, and what the feed does for each.
    /// </summary>
    public static class GatewayCloseCodes
    {
        /// <summary>The gateway is shutting down: reconnect (to another replica) with since.</summary>
        public const int GoingAway = 1001;

        /// <summary>A binary frame was sent (the feed never sends one).</summary>
        public const int UnsupportedData = 1003;

        /// <summary>No sign of life, or too many frames: reconnect after the back-off.</summary>
        public const int PolicyViolation = 1008;

        /// <summary>A frame over the gateway's size limit (the feed never sends one).</summary>
        public const int MessageTooBig = 1009;

        /// <summary>The client could not keep up, or the broker is unreachable: reconnect after a growing back-off.</summary>
        public const int TryAgainLater = 1013;

        /// <summary>The session's token expired: reconnect with a new token and since.</summary>
        public const int TokenExpired = 4001;

        /// <summary>
        /// The gateway is opening many sessions and says when to come back (reason "retry in 840 ms: ...",
        /// see <see cref="RetryIn"/>): the feed comes back then.
        /// </summary>
        public const int ComeBackLater = 4503;

        /// <summary>Bad clientId or since: a bug in the caller, the feed stops.</summary>
        public const int BadRequest = 4400;

        /// <summary>Missing, invalid or expired token: the feed asks for a new token and reconnects.</summary>
        public const int Unauthorized = 4401;

        /// <summary>The token opens another camera, or the origin is not allowed: the feed stops.</summary>
        public const int Forbidden = 4403;

        private static readonly Regex RetryInReason = new Regex(@"^retry in (\d{1,9}) ms", RegexOptions.CultureInvariant);

        /// <summary>
        /// The wait a gateway asks for when it defers a new session in a storm: 4503 with a reason
        /// that starts "retry in 840 ms". Clients told so come back spread over time instead of all at
        /// once.
        /// </summary>
        /// <returns>The wait, or null when the close says none.</returns>
        public static TimeSpan? RetryIn(int? code, string reason)
        {
            if (code != ComeBackLater || reason == null)
            {
                return null;
            }
            var match = RetryInReason.Match(reason);
            if (!match.Success)
            {
                return null;
            }
            return TimeSpan.FromMilliseconds(long.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        /// <summary>Whether the gateway will never accept this feed as it is configured.</summary>
        public static bool IsFinal(int code)
        {
            return code == BadRequest || code == Forbidden;
        }
    }
}
