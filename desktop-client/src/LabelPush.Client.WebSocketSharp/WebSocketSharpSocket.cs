using System;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using WebSocketSharp;

namespace LabelPush.Client.WebSocketSharp
{
    /// <summary>
    /// An <see cref="IFeedSocket"/> on WebSocketSharp (1.0.3-rc11 as on NuGet, and later), for
    /// apps that keep it: <c>options.SocketFactory = () => new WebSocketSharpSocket();</c>.
    /// WebSocketSharp answers the gateway's pings itself and shows them (they prove the link
    /// alive); it cannot send an Authorization header, so the token travels as <c>?token=</c>.
    /// For <c>wss://</c> it enables TLS 1.2 (rc11 offers SSL 3 and TLS 1.0 by default, which
    /// current servers refuse) and checks the server's certificate against the machine's
    /// trusted roots (WebSocketSharp's own default accepts any certificate). On Mono (not on
    /// .NET Framework) WebSocketSharp's wss:// reads hold two thread-pool threads per connection.
    /// </summary>
    public sealed class WebSocketSharpSocket : IFeedSocket
    {
        private readonly Action<WebSocket> _configure;

        private readonly ConcurrentQueue<FeedMessage> _received = new ConcurrentQueue<FeedMessage>();

        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);

        private readonly TaskCompletionSource<bool> _opened = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private WebSocket _socket;

        private string _error;

        private int _closed;

        private int _aborted;

        /// <summary>A socket with WebSocketSharp's defaults, but TLS 1.2 and a certificate check for wss://.</summary>
        public WebSocketSharpSocket() : this(null)
        {
        }

        /// <summary>
        /// A socket the app configures before it connects: a proxy, a certificate check
        /// (<c>ws.SslConfiguration.ServerCertificateValidationCallback</c>), a logger.
        /// </summary>
        public WebSocketSharpSocket(Action<WebSocket> configure)
        {
            _configure = configure;
        }

        public async Task ConnectAsync(Uri uri, CancellationToken cancellation)
        {
            var socket = new WebSocket(uri.ToString());
            socket.EmitOnPing = true;
            socket.WaitTime = TimeSpan.FromSeconds(2); // for the close handshake and pings
            socket.Log.Output = (data, file) => { }; // it would write to the console; errors reach OnError
            if (uri.Scheme == "wss")
            {
                socket.SslConfiguration.EnabledSslProtocols = SslProtocols.Tls12;
                // WebSocketSharp's own default accepts any certificate; this one only what
                // the machine trusts for that host. An app may set its own in configure.
                socket.SslConfiguration.ServerCertificateValidationCallback = (sender, certificate, chain, errors) => errors == SslPolicyErrors.None;
            }
            if (_configure != null)
            {
                _configure(socket);
            }
            socket.OnOpen += (sender, e) => _opened.TrySetResult(true);
            socket.OnMessage += (sender, e) =>
            {
                if (e.IsPing)
                {
                    Enqueue(FeedMessage.OfPing());
                }
                else if (e.IsText)
                {
                    Enqueue(FeedMessage.OfText(e.Data));
                }
            };
            socket.OnError += (sender, e) => _error = e.Message;
            socket.OnClose += (sender, e) =>
            {
                if (IsApplicationCode(e.Code))
                {
                    // The gateway's refusals that need action (4401, 4403, ...) and its deferrals
                    // (4503) close right after the upgrade, and current WebSocketSharp may report
                    // that close before OnOpen: the upgrade succeeded, and the feed reads the close
                    // and its code.
                    _opened.TrySetResult(true);
                }
                else
                {
                    // A refused or failed handshake ends here without OnOpen: rc11 says 1002 (1015
                    // for TLS), later versions 1006.
                    _opened.TrySetException(new InvalidOperationException("the WebSocket handshake failed (" + e.Code + " "
                        + (string.IsNullOrEmpty(e.Reason) ? _error : e.Reason) + ")"));
                }
                Closed(e.Code == 1005 || e.Code == 1006 ? (int?)null : e.Code, e.Reason);
            };
            _socket = socket;
            using (cancellation.Register(Abort))
            {
                // Connect blocks until the handshake is done (rc11's ConnectAsync is a delegate's
                // BeginInvoke, which not every runtime has); a thread of its own keeps the
                // pool free while a handshake hangs on a dead link.
                new Thread(() => Connect(socket)) { IsBackground = true, Name = "WebSocketSharp connect" }.Start();
                await _opened.Task.ConfigureAwait(false);
            }
        }

        // Close codes 4000-4999 are the application's (RFC 6455): only a gateway that
        // accepted the upgrade sends one.
        private static bool IsApplicationCode(int code)
        {
            return code >= 4000 && code <= 4999;
        }

        private void Connect(WebSocket socket)
        {
            try
            {
                socket.Connect();
            }
            catch (Exception ex)
            {
                _opened.TrySetException(ex);
                Closed(null, ex.Message);
            }
        }

        public async Task<FeedMessage> ReceiveAsync(CancellationToken cancellation)
        {
            await _available.WaitAsync(cancellation).ConfigureAwait(false);
            FeedMessage message;
            _received.TryDequeue(out message);
            if (message.Kind == FeedMessageKind.Close)
            {
                _available.Release(); // the close stays the last answer
                _received.Enqueue(message);
            }
            return message;
        }

        public Task SendAsync(string text, CancellationToken cancellation)
        {
            var sent = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _socket.SendAsync(text, ok =>
            {
                if (ok)
                {
                    sent.TrySetResult(true);
                }
                else
                {
                    sent.TrySetException(new InvalidOperationException("WebSocketSharp could not send: " + _error));
                }
            });
            return sent.Task;
        }

        public Task CloseAsync(int code, string reason, CancellationToken cancellation)
        {
            var socket = _socket;
            if (socket != null && socket.ReadyState == WebSocketState.Open)
            {
                socket.CloseAsync((ushort)code, reason);
            }
            return Task.FromResult(0);
        }

        public void Abort()
        {
            _opened.TrySetCanceled();
            Closed(null, "aborted");
            var socket = _socket;
            // Dispose, a timeout and the feed's stop may all abort: one close is enough.
            if (socket != null && Interlocked.Exchange(ref _aborted, 1) == 0)
            {
                // WebSocketSharp has no abort: Close waits up to WaitTime for the peer, which
                // may be gone, so it runs on a thread of its own (its CloseAsync would hold a
                // pool thread that long).
                new Thread(() => CloseQuietly(socket)) { IsBackground = true, Name = "WebSocketSharp close" }.Start();
            }
        }

        public void Dispose()
        {
            Abort();
        }

        private static void CloseQuietly(WebSocket socket)
        {
            try
            {
                socket.Close();
            }
            catch (Exception)
            {
                // closing a socket that failed: nothing left to do
            }
        }

        private void Closed(int? code, string reason)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Enqueue(FeedMessage.OfClose(code, reason));
            }
        }

        private void Enqueue(FeedMessage message)
        {
            if (Volatile.Read(ref _closed) == 1 && message.Kind != FeedMessageKind.Close)
            {
                return;
            }
            _received.Enqueue(message);
            _available.Release();
        }
    }
}
