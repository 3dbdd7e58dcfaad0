using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>label-api as the admin back end uses it: labels and client tokens, with the admin key.</summary>
    public sealed class Admin
    {
        public const string AdminKey = "desktop-client-test-admin-key";

        public const string GatewayKey = "desktop-client-test-gateway-key";

        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        private readonly Func<string> _baseUrl;

        public Admin(Func<string> baseUrl)
        {
            _baseUrl = baseUrl;
        }

        public JObject Create(string camera, string name, int x, int y)
        {
            return Send(HttpMethod.Post, "/api/labels", new JObject { { "cameraId", camera }, { "name", name }, { "x", x }, { "y", y } });
        }

        public JObject Move(JObject label, int x, int y)
        {
            return Send(HttpMethod.Put, "/api/labels/" + label["id"],
                new JObject { { "cameraId", label["cameraId"] }, { "name", label["name"] }, { "x", x }, { "y", y } });
        }

        public void Delete(JObject label)
        {
            Send(HttpMethod.Delete, "/api/labels/" + label["id"], null);
        }

        /// <summary>A client token for the camera, as the admin back end hands them to desktops.</summary>
        public string ClientToken(string camera, int ttlSeconds = 600)
        {
            return (string)Send(HttpMethod.Post, "/api/client-tokens", new JObject { { "cameraId", camera }, { "ttlSeconds", ttlSeconds } })["token"];
        }

        /// <summary>The token supplier a desktop app would write: ask the admin back end, which may be down.</summary>
        public Func<CancellationToken, Task<string>> TokenSupplier(string camera, int ttlSeconds = 600)
        {
            return async cancellation => (string)(await SendAsync(HttpMethod.Post, "/api/client-tokens",
                new JObject { { "cameraId", camera }, { "ttlSeconds", ttlSeconds } }, cancellation).ConfigureAwait(false))["token"];
        }

        private JObject Send(HttpMethod method, string path, JObject body)
        {
            return SendAsync(method, path, body, CancellationToken.None).GetAwaiter().GetResult();
        }

        private async Task<JObject> SendAsync(HttpMethod method, string path, JObject body, CancellationToken cancellation)
        {
            using (var request = new HttpRequestMessage(method, _baseUrl() + path))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
                if (body != null)
                {
                    request.Content = new StringContent(body.ToString(Formatting.None), Encoding.UTF8, "application/json");
                }
                using (var response = await Http.SendAsync(request, cancellation).ConfigureAwait(false))
                {
                    var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException(method + " " + path + " answered " + (int)response.StatusCode + ": " + text);
                    }
                    return text.Length == 0 ? null : JObject.Parse(text);
                }
            }
        }

        internal static string Sha256(string key)
        {
            using (var sha = SHA256.Create())
            {
                return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(key))).Replace("-", "").ToLowerInvariant();
            }
        }
    }
}
