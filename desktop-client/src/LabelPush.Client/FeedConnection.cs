using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LabelPush.Client
{
    /// <summary>
    /// One connection to a gateway, from the token to its end: hello, the initial load or
    /// resume, events in seq order, resync, in-band token refresh and dead-link detection.
    /// Frames are handled one at a time on this connection's loop; only the watchdog and the
    /// token refresh run beside it, and they only send or abort.
    /// </summary>
    internal sealed class FeedConnection
    {
        private static readonly TimeSpan AuthAnswerTimeout = TimeSpan.FromSeconds(10);

        private static readonly TimeSpan RefreshRetry = TimeSpan.FromSeconds(2);

        private readonly LabelFeed _feed;

        private readonly LabelFeedOptions _options;

        private readonly LabelModel _model;

        private readonly LabelApiClient _api;

        private readonly Backoff _backoff;

        private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);

        private readonly Stopwatch _clock = Stopwatch.StartNew();

        private IFeedSocket _socket;

        private string _token;

        private long _lastHeardMs;

        private TimeSpan _heartbeat = TimeSpan.FromSeconds(25);

        private volatile bool _busy;

        private volatile bool _deadLink;

        private TimeSpan? _liveSince;

        private TaskCompletionSource<string> _authAnswer;

        internal FeedConnection(LabelFeed feed, LabelFeedOptions options, LabelModel model, LabelApiClient api, Backoff backoff)
        {
            _feed = feed;
            _options = options;
            _model = model;
            _api = api;
            _backoff = backoff;
        }

        internal async Task<Ending> RunAsync(CancellationToken stop)
        {
            try
            {
                _token = await AskForTokenAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                _feed.ReportProblem("the token supplier failed; the feed tries again after its back-off", ex);
                return Ending.NotConnected("no token", ex);
            }
            if (string.IsNullOrEmpty(_token))
            {
                _feed.ReportProblem("the token supplier gave no token; the feed tries again after its back-off", null);
                return Ending.NotConnected("no token", null);
            }
            long since = _model.LastSeq;
            using (var socket = (_options.SocketFactory ?? (() => new ClientWebSocketSocket()))())
            using (var connection = CancellationTokenSource.CreateLinkedTokenSource(stop))
            using (stop.Register(socket.Abort))
            {
                _socket = socket;
                try
                {
                    await ConnectAsync(socket, Address(since), stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // A refused handshake (429, 503) or no gateway at all: back off and retry.
                    return Ending.NotConnected("could not connect", ex);
                }
                Heard();
                var watchdog = WatchAsync(connection.Token);
                var refresh = RefreshAsync(connection.Token);
                try
                {
                    return await ReceiveAsync(since, connection.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    return Ending.Failed(_deadLink ? DeadLinkReason() : "the connection failed: " + ex.GetBaseException().Message, Stable());
                }
                finally
                {
                    connection.Cancel();
                    if (!stop.IsCancellationRequested)
                    {
                        await CloseQuietlyAsync(socket).ConfigureAwait(false);
                    }
                    await Task.WhenAll(Quietly(watchdog), Quietly(refresh)).ConfigureAwait(false);
                }
            }
        }

        // The app's supplier may ignore the cancellation or never answer: the feed does not
        // wait longer than its HTTP timeout, nor past Dispose.
        private async Task<string> AskForTokenAsync(CancellationToken cancellation)
        {
            var asked = _options.TokenSupplier(cancellation);
            var first = await Task.WhenAny(asked, Task.Delay(_options.HttpTimeout, cancellation)).ConfigureAwait(false);
            if (first != asked)
            {
                Observe(asked);
                cancellation.ThrowIfCancellationRequested();
                throw new TimeoutException("the token supplier did not answer within " + _options.HttpTimeout.TotalSeconds + " s");
            }
            return await asked.ConfigureAwait(false);
        }

        // Mono's ClientWebSocket does not always give up a handshake when cancelled, so the
        // timeout does not rely on it: the socket is dropped and the attempt abandoned.
        private async Task ConnectAsync(IFeedSocket socket, Uri address, CancellationToken stop)
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                var connect = socket.ConnectAsync(address, connecting.Token);
                var first = await Task.WhenAny(connect, Task.Delay(_options.ConnectTimeout, stop)).ConfigureAwait(false);
                if (first != connect)
                {
                    connecting.Cancel();
                    socket.Abort();
                    Observe(connect);
                    stop.ThrowIfCancellationRequested();
                    throw new TimeoutException("the gateway did not accept the connection within " + _options.ConnectTimeout.TotalSeconds + " s");
                }
                await connect.ConfigureAwait(false);
            }
        }

        private static void Observe(Task abandoned)
        {
            abandoned.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }

        private Uri Address(long since)
        {
            var address = _options.GatewayUrl.ToString().TrimEnd('/') + "/ws/label/" + _options.CameraId
                + "?token=" + Uri.EscapeDataString(_token);
            if (since >= 0)
            {
                address += "&since=" + since.ToString(CultureInfo.InvariantCulture);
            }
            return new Uri(address);
        }

        private async Task<Ending> ReceiveAsync(long since, CancellationToken cancellation)
        {
            bool resuming = since >= 0;
            while (true)
            {
                var message = await _socket.ReceiveAsync(cancellation).ConfigureAwait(false);
                Heard();
                if (message.Kind == FeedMessageKind.Close)
                {
                    return _deadLink ? Ending.Failed(DeadLinkReason(), Stable())
                        : Ending.Closed(message.CloseCode, message.CloseReason, Stable());
                }
                if (message.Kind == FeedMessageKind.Ping)
                {
                    continue;
                }
                JObject frame;
                try
                {
                    frame = Json.Parse(message.Text);
                }
                catch (JsonException ex)
                {
                    _feed.ReportProblem("a frame that is not JSON was ignored", ex);
                    continue;
                }
                var ending = await HandleAsync(frame, resuming, cancellation).ConfigureAwait(false);
                if (ending != null)
                {
                    return ending;
                }
            }
        }

        // Returns how the connection ends, or null to go on.
        private async Task<Ending> HandleAsync(JObject frame, bool resuming, CancellationToken cancellation)
        {
            var type = (string)frame["type"];
            switch (type)
            {
                case "hello":
                    _heartbeat = TimeSpan.FromSeconds(Math.Max(1, (int?)frame["heartbeatSeconds"] ?? 25));
                    _backoff.Advise((long?)frame.SelectToken("reconnect.minMs"), (long?)frame.SelectToken("reconnect.maxMs"));
                    _feed.Connected((string)frame["instance"]);
                    if (!resuming)
                    {
                        // A new client: the snapshot holds every event up to latestSeq.
                        var failed = await ReloadAsync((long?)frame["latestSeq"] ?? -1, cancellation).ConfigureAwait(false);
                        if (failed != null)
                        {
                            return failed;
                        }
                    }
                    // A resume that cannot recover says so in hello and sends resync next.
                    _feed.SetState(ConnectionState.Live);
                    _liveSince = _clock.Elapsed;
                    return null;
                case "resync":
                    _model.ForgetSeq();
                    _feed.ReportProblem("the gateway could not send every missed event (" + (string)frame["reason"] + "); the labels are loaded again", null);
                    var reloadFailed = await ReloadAsync(-1, cancellation).ConfigureAwait(false);
                    if (reloadFailed == null)
                    {
                        _feed.SetState(ConnectionState.Live);
                    }
                    return reloadFailed;
                case "label.created":
                case "label.updated":
                case "label.deleted":
                    if (_model.Apply(frame) == LabelModel.Applied.Gap)
                    {
                        // The gateway repairs gaps before it sends; one here means this
                        // connection lost something: resume from the last seq held.
                        return Ending.Failed("seq " + (long?)frame["seq"] + " came after " + _model.LastSeq + "; resuming", Stable());
                    }
                    return null;
                case "authenticated":
                    Answer(null);
                    return null;
                case "error":
                    var text = (string)frame["message"] ?? "";
                    if (!(text.StartsWith("auth refused", StringComparison.Ordinal) && Answer(text)))
                    {
                        _feed.ReportProblem("the gateway answered with an error: " + text, null);
                    }
                    return null;
                default:
                    return null; // pong, or a frame type added to the contract later
            }
        }

        private async Task<Ending> ReloadAsync(long lastSeq, CancellationToken cancellation)
        {
            _feed.SetState(ConnectionState.Loading);
            _busy = true;
            try
            {
                var labels = await _api.LoadAsync(_token, cancellation).ConfigureAwait(false);
                _model.Reload(labels, lastSeq);
                return null;
            }
            catch (Exception ex) when (!cancellation.IsCancellationRequested)
            {
                _feed.ReportProblem("the labels could not be loaded from label-api; the feed reconnects after its back-off", ex);
                return Ending.Failed("the labels could not be loaded", false);
            }
            finally
            {
                _busy = false;
                Heard();
            }
        }

        // The gateway pings every heartbeat; ClientWebSocket answers without showing it, so
        // after a heartbeat of silence the feed asks for a pong itself, and after two and a
        // half it gives the link up.
        private async Task WatchAsync(CancellationToken cancellation)
        {
            var pinged = TimeSpan.Zero;
            while (true)
            {
                // A short tick, since hello may shorten the heartbeat after this started.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, _heartbeat.TotalMilliseconds / 4)), cancellation).ConfigureAwait(false);
                if (_busy)
                {
                    continue;
                }
                var now = _clock.Elapsed;
                var silent = now - TimeSpan.FromMilliseconds(Interlocked.Read(ref _lastHeardMs));
                if (silent.Ticks > _heartbeat.Ticks * 5 / 2)
                {
                    _deadLink = true;
                    _socket.Abort();
                    return;
                }
                if (silent >= _heartbeat && now - pinged >= _heartbeat)
                {
                    // Not awaited: a send into a dead link may never complete, and the
                    // silence, not the send, decides.
                    pinged = now;
                    Observe(SendAsync("{\"type\":\"ping\"}", cancellation));
                }
            }
        }

        // Sends a fresh token in-band when a quarter of the current one's life is left; a
        // refused or failed refresh is retried until the token expires (then the gateway
        // closes with 4001 and the next connection asks for a new token anyway).
        private async Task RefreshAsync(CancellationToken cancellation)
        {
            var current = _token;
            while (true)
            {
                var wait = TokenLifetime.RefreshIn(current, DateTimeOffset.UtcNow);
                if (wait == null)
                {
                    return;
                }
                await Task.Delay(wait.Value, cancellation).ConfigureAwait(false);
                string fresh;
                try
                {
                    fresh = await AskForTokenAsync(cancellation).ConfigureAwait(false);
                    if (string.IsNullOrEmpty(fresh))
                    {
                        throw new InvalidOperationException("the token supplier gave no token");
                    }
                }
                catch (Exception ex) when (!cancellation.IsCancellationRequested)
                {
                    _feed.ReportProblem("the token supplier failed during a refresh; retrying", ex);
                    await Task.Delay(RefreshRetry, cancellation).ConfigureAwait(false);
                    continue;
                }
                var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _authAnswer, answer);
                await SendAsync(Json.Write(new JObject { { "type", "auth" }, { "token", fresh } }), cancellation).ConfigureAwait(false);
                var answered = await Task.WhenAny(answer.Task, Task.Delay(AuthAnswerTimeout, cancellation)).ConfigureAwait(false);
                cancellation.ThrowIfCancellationRequested();
                if (answered == answer.Task && answer.Task.Result == null)
                {
                    current = fresh;
                    _token = fresh;
                    continue;
                }
                _feed.ReportProblem("the gateway did not take the refreshed token (" + (answered == answer.Task ? answer.Task.Result : "no answer") + "); retrying", null);
                await Task.Delay(RefreshRetry, cancellation).ConfigureAwait(false);
            }
        }

        // Completes a pending refresh: null when accepted, else the refusal. False when none was pending.
        private bool Answer(string refusal)
        {
            var answer = Interlocked.Exchange(ref _authAnswer, null);
            return answer != null && answer.TrySetResult(refusal);
        }

        private async Task SendAsync(string text, CancellationToken cancellation)
        {
            await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(text, cancellation).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        private async Task CloseQuietlyAsync(IFeedSocket socket)
        {
            try
            {
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
                {
                    await socket.CloseAsync(1000, "", timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                socket.Abort(); // it is gone either way
            }
        }

        private static async Task Quietly(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // cancelled with the connection, or failed sending on a socket that is gone
            }
        }

        private void Heard()
        {
            Interlocked.Exchange(ref _lastHeardMs, (long)_clock.Elapsed.TotalMilliseconds);
        }

        private bool Stable()
        {
            return _liveSince.HasValue && _clock.Elapsed - _liveSince.Value >= _options.StableAfter;
        }

        private string DeadLinkReason()
        {
            return "nothing heard from the gateway for " + (int)(_heartbeat.TotalSeconds * 2.5) + " s (dead link)";
        }
    }
}
