using System;

namespace LabelPush.Client
{
    /// <summary>How one connection attempt ended, and so what the feed does next.</summary>
    internal sealed class Ending
    {
        private Ending(int? code, string reason, bool stable)
        {
            Code = code;
            Reason = reason;
            Stable = stable;
            RetryIn = GatewayCloseCodes.RetryIn(code, reason);
        }

        /// <summary>The gateway's close code, if it sent one.</summary>
        internal int? Code { get; private set; }

        internal string Reason { get; private set; }

        /// <summary>The connection was live long enough to reset the back-off.</summary>
        internal bool Stable { get; private set; }

        /// <summary>When the gateway said to come back (a deferral in a storm), or null.</summary>
        internal TimeSpan? RetryIn { get; private set; }

        /// <summary>The gateway will not accept this feed as it is: stop.</summary>
        internal bool Final
        {
            get { return Code.HasValue && GatewayCloseCodes.IsFinal(Code.Value); }
        }

        internal static Ending Closed(int? code, string reason, bool stable)
        {
            return new Ending(code, string.IsNullOrEmpty(reason) ? (code.HasValue ? "closed by the gateway" : "the connection dropped") : reason, stable);
        }

        internal static Ending Failed(string reason, bool stable)
        {
            return new Ending(null, reason, stable);
        }

        internal static Ending NotConnected(string reason, Exception cause)
        {
            var detail = cause == null ? "" : ": " + cause.GetBaseException().Message;
            return new Ending(null, reason + detail, false);
        }
    }
}
