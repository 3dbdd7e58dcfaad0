using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>A LabelFeed under test with everything it raised recorded.</summary>
    public sealed class FeedProbe : IDisposable
    {
        private readonly List<LabelsChangedEventArgs> _changes = new List<LabelsChangedEventArgs>();

        private readonly List<ConnectionStateChangedEventArgs> _states = new List<ConnectionStateChangedEventArgs>();

        private readonly List<FeedProblemEventArgs> _problems = new List<FeedProblemEventArgs>();

        private int _tokensAsked;

        private long _heardSeq = -1;

        public FeedProbe(Uri gateway, string camera, Func<CancellationToken, Task<string>> tokens, Func<IFeedSocket> sockets = null,
            Action<LabelFeedOptions> configure = null)
        {
            Camera = camera;
            var options = new LabelFeedOptions
            {
                GatewayUrl = gateway,
                LabelApiUrl = TestSystem.Current.LabelApiUrl,
                CameraId = camera,
                TokenSupplier = cancellation =>
                {
                    Interlocked.Increment(ref _tokensAsked);
                    return tokens(cancellation);
                },
                SocketFactory = sockets,
                ReconnectMin = TimeSpan.FromMilliseconds(200),
                ReconnectMax = TimeSpan.FromSeconds(2),
            };
            if (configure != null)
            {
                configure(options);
            }
            Feed = new LabelFeed(options);
            Feed.LabelsChanged += (sender, e) =>
            {
                lock (_changes)
                {
                    _changes.Add(e);
                }
                // Raised on the feed's own thread (the tests give no SynchronizationContext)
                // right after the seq moved: the seq as of this change.
                Interlocked.Exchange(ref _heardSeq, Feed.LastSeq);
            };
            Feed.StateChanged += (sender, e) => { lock (_states) _states.Add(e); };
            Feed.Problem += (sender, e) => { lock (_problems) _problems.Add(e); };
        }

        public LabelFeed Feed { get; private set; }

        public string Camera { get; private set; }

        public int TokensAsked
        {
            get { return Volatile.Read(ref _tokensAsked); }
        }

        public List<LabelsChangedEventArgs> Changes
        {
            get { lock (_changes) return _changes.ToList(); }
        }

        public List<ConnectionStateChangedEventArgs> States
        {
            get { lock (_states) return _states.ToList(); }
        }

        public List<FeedProblemEventArgs> Problems
        {
            get { lock (_problems) return _problems.ToList(); }
        }

        /// <summary>The seqs of the events applied, in the order they were.</summary>
        public List<long> Seqs
        {
            get { return Changes.Where(change => change.Seq.HasValue).Select(change => change.Seq.Value).ToList(); }
        }

        public int Reloads
        {
            get { return Changes.Count(change => change.Change == LabelChange.Reloaded); }
        }

        /// <summary>What the feed went through, for failure messages.</summary>
        public string History()
        {
            return Camera + " is " + Feed.State + " at seq " + Feed.LastSeq + " after " + TokensAsked + " tokens; states: "
                + string.Join(", ", States) + "; problems: " + string.Join(", ", Problems);
        }

        public FeedProbe Start()
        {
            Feed.Start();
            return this;
        }

        public FeedProbe AwaitLive()
        {
            Eventually.True(() => Feed.State == ConnectionState.Live, TimeSpan.FromSeconds(30),
                "live: " + History());
            return this;
        }

        public void AwaitSeq(long seq)
        {
            // The feed's seq moves before it raises the change: wait for the change itself,
            // which is what the tests then look at.
            Eventually.True(() => Interlocked.Read(ref _heardSeq) >= seq, TimeSpan.FromSeconds(30),
                "at seq " + seq + ": " + History());
        }

        public void AwaitState(ConnectionState state, Func<ConnectionStateChangedEventArgs, bool> matching = null)
        {
            Eventually.True(() => States.Any(s => s.State == state && (matching == null || matching(s))), TimeSpan.FromSeconds(30),
                state + ": " + History());
        }

        public void Dispose()
        {
            Feed.Dispose();
        }
    }
}
