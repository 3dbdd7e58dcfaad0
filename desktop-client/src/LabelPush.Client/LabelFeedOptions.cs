using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LabelPush.Client
{
    /// <summary>What a <see cref="LabelFeed"/> connects to and how.</summary>
    public sealed class LabelFeedOptions
    {
        /// <summary>
        /// The gateways' address, as the load balancer publishes it: <c>ws://push.example:8083</c>
        /// or <c>wss://...</c>. The feed connects to <c>/ws/label/{cameraId}</c> under it.
        /// </summary>
        public Uri GatewayUrl { get; set; }

        /// <summary>label-api's address (<c>http://labels.example:8080</c>), where the feed loads the camera's labels.</summary>
        public Uri LabelApiUrl { get; set; }

        /// <summary>The camera to follow: 1-64 of <c>[A-Za-z0-9_-]</c>.</summary>
        public string CameraId { get; set; }

        /// <summary>
        /// Gives a current client token for the camera (from the admin back end, which calls
        /// label-api's <c>POST /api/client-tokens</c>). Asked before every connection and before
        /// the token expires; it may fail or be slow: the feed waits at most
        /// <see cref="HttpTimeout"/>, retries with its back-off and never lets the failure escape.
        /// </summary>
        public Func<CancellationToken, Task<string>> TokenSupplier { get; set; }

        /// <summary>
        /// Where the store changes and events are raised: the WPF dispatcher's context. Default:
        /// the context current when the feed is created (so a feed made on the UI thread raises
        /// on the UI thread); without one, events are raised in order on the feed's own thread.
        /// </summary>
        public SynchronizationContext SynchronizationContext { get; set; }

        /// <summary>Makes the socket of each connection. Default: ClientWebSocket. Set it to use WebSocketSharp.</summary>
        public Func<IFeedSocket> SocketFactory { get; set; }

        /// <summary>The handler label-api is called through (proxy, certificates). Default: a new HttpClientHandler.</summary>
        public HttpMessageHandler HttpHandler { get; set; }

        /// <summary>Longest a connection attempt may take, until the gateway has accepted it. Default 10 s.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Longest one call to label-api, or to the token supplier, may take. Default 30 s.</summary>
        public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Back-off before the first hello: the shortest delay. The gateway's hello then advises its own. Default 1 s.</summary>
        public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Back-off before the first hello: the longest delay. Default 30 s.</summary>
        public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// A connection that stays live this long counts as a success and resets the back-off;
        /// shorter ones (accepted, then closed) make it grow. Default 10 s.
        /// </summary>
        public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(10);

        internal LabelFeedOptions Validated()
        {
            if (GatewayUrl == null || (GatewayUrl.Scheme != "ws" && GatewayUrl.Scheme != "wss"))
            {
                throw new ArgumentException("GatewayUrl must be a ws:// or wss:// address, got " + GatewayUrl);
            }
            if (LabelApiUrl == null || (LabelApiUrl.Scheme != "http" && LabelApiUrl.Scheme != "https"))
            {
                throw new ArgumentException("LabelApiUrl must be an http:// or https:// address, got " + LabelApiUrl);
            }
            if (CameraId == null || !System.Text.RegularExpressions.Regex.IsMatch(CameraId, "^[A-Za-z0-9_-]{1,64}$"))
            {
                throw new ArgumentException("CameraId must be 1-64 of [A-Za-z0-9_-], got '" + CameraId + "'");
            }
            if (TokenSupplier == null)
            {
                throw new ArgumentException("TokenSupplier is required: it gives the client token for the camera");
            }
            if (ReconnectMin <= TimeSpan.Zero || ReconnectMax < ReconnectMin)
            {
                throw new ArgumentException("ReconnectMin must be positive and at most ReconnectMax");
            }
            return this;
        }
    }
}
