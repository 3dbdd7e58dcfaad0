using System;
using System.Text;
using Newtonsoft.Json.Linq;

namespace LabelPush.Client
{
    /// <summary>
    /// When to refresh a client token in-band: when a quarter of its lifetime is left, read
    /// from the token itself (label-api's client tokens are JWTs with iat and exp).
    /// </summary>
    internal static class TokenLifetime
    {
        private static readonly DateTimeOffset Epoch = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>How long to wait before refreshing, or null when the token does not say when it expires.</summary>
        internal static TimeSpan? RefreshIn(string token, DateTimeOffset now)
        {
            var claims = Claims(token);
            if (claims == null)
            {
                return null;
            }
            var exp = (long?)claims["exp"];
            if (exp == null)
            {
                return null;
            }
            var expiresAt = Epoch.AddSeconds(exp.Value);
            var issuedAt = Epoch.AddSeconds((long?)claims["iat"] ?? exp.Value - 3600);
            // The quarter is of the token's own lifetime, so the client's clock only has to be
            // roughly right; a token already past its three quarters is refreshed at once.
            var refreshAt = expiresAt - TimeSpan.FromTicks((expiresAt - issuedAt).Ticks / 4);
            var wait = refreshAt - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        private static JObject Claims(string token)
        {
            var parts = token.Split('.');
            if (parts.Length != 3)
            {
                return null;
            }
            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                return JObject.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            }
            catch (Exception ex) when (ex is FormatException || ex is Newtonsoft.Json.JsonException)
            {
                return null;
            }
        }
    }
}
