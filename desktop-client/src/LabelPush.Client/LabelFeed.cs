using System;
using System.Threading;
using System.Threading.Tasks;

namespace LabelPush.Client
{
    /// <summary>
    /// Follows one camera's labels live: connects to the gateways with a client token, loads
    /// the labels, applies every change once and in order, resumes with <c>since</c> after any
    /// disconnection, reloads when the gateway asks, refreshes the token in-band, and
    /// reconnects with a jittered back-off, until it is disposed. The app binds a view to
    /// <see cref="Labels"/> and, if it wants, handles <see cref="LabelsChanged"/>; both happen on
    /// the <see cref="LabelFeedOptions.SynchronizationContext"/>. Nothing the network, the
    /// gateway or the token supplier does throws into the app.
    /// </summary>
    public sealed class LabelFeed : IDisposable
    {
        private readonly LabelFeedOptions _options;

        private readonly EventSink _sink;

        private readonly LabelModel _model;

        private readonly LabelApiClient _api;

        private readonly Backoff _backoff;

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        private readonly TaskCompletionSource<bool> _completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _started;

        private volatile bool _disposed;

        private volatile ConnectionState _state = ConnectionState.Idle;

        private volatile string _instance;

        /// <summary>A feed for the camera in the options; call <see cref="Start"/> to connect.</summary>
        public LabelFeed(LabelFeedOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException("options");
            }
            _options = options.Validated();
            _sink = new EventSink(options.SynchronizationContext ?? SynchronizationContext.Current);
            Labels = new LabelStore();
            _model = new LabelModel(Labels, _sink, RaiseLabelsChanged);
            _api = new LabelApiClient(options);
            _backoff = new Backoff(options.ReconnectMin, options.ReconnectMax, Guid.NewGuid().GetHashCode());
        }

        /// <summary>The camera's labels; changed on the synchronization context only.</summary>
        public LabelStore Labels { get; private set; }

        /// <summary>The camera this feed follows.</summary>
        public string CameraId
        {
            get { return _options.CameraId; }
        }

        /// <summary>Where the feed is now (the events tell changes on the context, this tells now).</summary>
        public ConnectionState State
        {
            get { return _state; }
        }

        /// <summary>The seq of the last change the labels hold; -1 before the first.</summary>
        public long LastSeq
        {
            get { return _model.LastSeq; }
        }

        /// <summary>The id of the gateway instance of the current (or last) connection.</summary>
        public string GatewayInstance
        {
            get { return _instance; }
        }

        /// <summary>
        /// Completes when the feed has ended for good (disposed, or <see cref="ConnectionState.Stopped"/>)
        /// and holds no connection any more: await it before an app exits, if it wants to.
        /// </summary>
        public Task Completion
        {
            get { return _completion.Task; }
        }

        /// <summary>A label was created, changed or deleted, or all were loaded anew; raised after <see cref="Labels"/> holds it.</summary>
        public event EventHandler<LabelsChangedEventArgs> LabelsChanged;

        /// <summary>The connection state changed.</summary>
        public event EventHandler<ConnectionStateChangedEventArgs> StateChanged;

        /// <summary>Something failed that the feed handles itself (for logs).</summary>
        public event EventHandler<FeedProblemEventArgs> Problem;

        /// <summary>Starts connecting, in the background; returns at once. A second call does nothing.</summary>
        public void Start()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException("LabelFeed");
            }
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                Task.Run(() => RunAsync(_stop.Token));
            }
        }

        /// <summary>
        /// Stops the feed at any moment: the connection is dropped, a pending reconnect never
        /// happens, no event is raised afterwards. Never throws, never waits for the network.
        /// </summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _state = ConnectionState.Disposed;
            _sink.Close();
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                _api.Dispose();
                _completion.TrySetResult(true); // never started
            }
            try
            {
                _stop.Cancel();
            }
            catch (AggregateException ex)
            {
                System.Diagnostics.Trace.TraceWarning("LabelPush.Client: while stopping: " + ex);
            }
        }

        private async Task RunAsync(CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    SetState(ConnectionState.Connecting);
                    Ending ending;
                    try
                    {
                        ending = await new FeedConnection(this, _options, _model, _api, _backoff).RunAsync(stop).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!stop.IsCancellationRequested)
                    {
                        ReportProblem("the connection ended on an unexpected error", ex);
                        ending = Ending.Failed("unexpected error: " + ex.Message, false);
                    }
                    stop.ThrowIfCancellationRequested();
                    if (ending.Final)
                    {
                        SetState(ConnectionState.Stopped, ending.Code, ending.Reason, null);
                        return;
                    }
                    if (ending.Stable)
                    {
                        _backoff.Reset();
                    }
                    var delay = ending.RetryIn.HasValue ? _backoff.AsTold(ending.RetryIn.Value) : _backoff.Next();
                    SetState(ConnectionState.Reconnecting, ending.Code, ending.Reason, delay);
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // disposed
            }
            catch (Exception ex)
            {
                // a bug of the feed's own: said, not thrown, and the feed ends visibly
                ReportProblem("the feed stopped on an unexpected error", ex);
                SetState(ConnectionState.Stopped, null, "unexpected error: " + ex.Message, null);
            }
            finally
            {
                _api.Dispose();
                _completion.TrySetResult(true);
            }
        }

        internal void SetState(ConnectionState state)
        {
            SetState(state, null, null, null);
        }

        internal void SetState(ConnectionState state, int? code, string reason, TimeSpan? retryIn)
        {
            if (_disposed)
            {
                return;
            }
            _state = state;
            var args = new ConnectionStateChangedEventArgs(state, code, reason, retryIn);
            _sink.Post(() =>
            {
                var handler = StateChanged;
                if (handler != null)
                {
                    handler(this, args);
                }
            });
        }

        internal void Connected(string instance)
        {
            _instance = instance;
        }

        internal void ReportProblem(string message, Exception cause)
        {
            var args = new FeedProblemEventArgs(message, cause);
            _sink.Post(() =>
            {
                var handler = Problem;
                if (handler != null)
                {
                    handler(this, args);
                }
            });
        }

        private void RaiseLabelsChanged(LabelsChangedEventArgs args)
        {
            var handler = LabelsChanged;
            if (handler != null)
            {
                handler(this, args);
            }
        }
    }
}
