using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LabelPush.Client.Tests.Support;
using NUnit.Framework;

namespace LabelPush.Client.Tests
{
    /// <summary>
    /// The library against label-api and real gateways, as a desktop app uses it; run once per
    /// socket (ClientWebSocket, WebSocketSharp 1.0.3-rc11 and current).
    /// </summary>
    public abstract class LabelFeedTests
    {
        private readonly List<IDisposable> _cleanup = new List<IDisposable>();

        private static TestSystem Sut
        {
            get { return TestSystem.Current; }
        }

        [TearDown]
        public void CleanUp()
        {
            _cleanup.AsEnumerable().Reverse().ToList().ForEach(item => item.Dispose());
            _cleanup.Clear();
        }

        [Test]
        public void CreatedUpdatedAndDeletedLabelsArriveOnceAndInOrder()
        {
            var camera = TestSystem.FreshCamera();
            var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayA), camera).Start().AwaitLive();

            var door = Sut.Admin.Create(camera, "north door", 600, 800);
            var gate = Sut.Admin.Create(camera, "gate", 10, 20);
            Sut.Admin.Move(door, 620, 790);
            Sut.Admin.Delete(gate);
            feed.AwaitSeq(4);

            Assert.That(feed.Seqs, Is.EqualTo(new long[] { 1, 2, 3, 4 }));
            Assert.That(feed.Changes.Where(c => c.Seq.HasValue).Select(c => c.Change),
                Is.EqualTo(new[] { LabelChange.Created, LabelChange.Created, LabelChange.Updated, LabelChange.Deleted }));
            var only = feed.Feed.Labels.Single();
            Assert.That(only.Id, Is.EqualTo((string)door["id"]));
            Assert.That(only.X, Is.EqualTo(620));
            Assert.That(only.Y, Is.EqualTo(790));
            Assert.That(only.Version, Is.EqualTo(2));
        }

        [Test]
        [Category("SocketIndependent")]
        public void LoadsTheLabelsThatExistedBeforeItConnected()
        {
            var camera = TestSystem.FreshCamera();
            var kept = Sut.Admin.Create(camera, "kept", 1, 2);
            Sut.Admin.Delete(Sut.Admin.Create(camera, "gone", 3, 4));
            Sut.Admin.Move(kept, 5, 6);

            var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayB), camera).Start().AwaitLive();
            Sut.Admin.Create(camera, "after", 7, 8);
            feed.AwaitSeq(5);

            Assert.That(feed.Reloads, Is.EqualTo(1));
            Assert.That(feed.Seqs, Is.EqualTo(new long[] { 5 }), "events the load already held are not applied again");
            Assert.That(feed.Feed.Labels.Select(l => l.Name + "@" + l.X), Is.EqualTo(new[] { "kept@5", "after@7" }));
        }

        [Test]
        public void ResumesOnTheOtherGatewayWithoutReloadWhenItsGatewayIsKilled()
        {
            var camera = TestSystem.FreshCamera();
            var doomed = Sut.StartGateway("desktop-doomed");
            _cleanup.Add(doomed);
            bool doomedDown = false;
            var balancer = Keep(new TcpProxy(() => doomedDown ? new[] { Sut.GatewayB.Port } : new[] { doomed.Port, Sut.GatewayB.Port }));
            var feed = Probe(TestSystem.WebSocketUrl(balancer), camera).Start().AwaitLive();
            var first = feed.Feed.GatewayInstance;
            StringAssert.StartsWith("desktop-doomed", first);

            var writer = Task.Run(() =>
            {
                for (int i = 0; i < 40; i++)
                {
                    Sut.Admin.Create(camera, "label " + i, i, i);
                }
            });
            feed.AwaitSeq(5);
            doomed.Kill();
            doomedDown = true;
            var resumed = Stopwatch.StartNew();
            Eventually.True(() => feed.Feed.State == ConnectionState.Live && feed.Feed.GatewayInstance.StartsWith("desktop-b"),
                TimeSpan.FromSeconds(30), "live on the other gateway: " + feed.History());
            Console.WriteLine("resumed on the other gateway " + resumed.ElapsedMilliseconds + " ms after the kill");
            writer.Wait(TimeSpan.FromSeconds(60));
            feed.AwaitSeq(40);

            Assert.That(feed.Seqs, Is.EqualTo(Enumerable.Range(1, 40).Select(i => (long)i)), "every event once, in order");
            Assert.That(feed.Reloads, Is.EqualTo(1), "only the first load: the resume needed none");
            StringAssert.StartsWith("desktop-b", feed.Feed.GatewayInstance);
            Assert.That(feed.Feed.Labels.Count, Is.EqualTo(40));
        }

        [Test]
        public void RefreshesItsTokenInBandBeforeItExpires()
        {
            var camera = TestSystem.FreshCamera();
            var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayA), camera, Sut.Admin.TokenSupplier(camera, 6)).Start().AwaitLive();

            // three tokens of 6 s each: the session outlives the first two
            Eventually.True(() => feed.TokensAsked >= 3, TimeSpan.FromSeconds(30), "two refreshes");
            Sut.Admin.Create(camera, "after the first token expired", 1, 1);
            feed.AwaitSeq(1);

            Assert.That(feed.States.Select(s => s.State), Has.No.Member(ConnectionState.Reconnecting),
                "one connection throughout; states: " + string.Join(", ", feed.States));
            Assert.That(feed.Problems, Is.Empty);
        }

        [Test]
        public void AsksForANewTokenWhenTheGatewayRefusesOne()
        {
            var camera = TestSystem.FreshCamera();
            int asked = 0;
            Func<CancellationToken, Task<string>> tokens = cancellation =>
                Interlocked.Increment(ref asked) == 1 ? Task.FromResult("not-a-token") : Sut.Admin.TokenSupplier(camera)(cancellation);

            var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayA), camera, tokens).Start().AwaitLive();

            var refused = feed.States.First(s => s.State == ConnectionState.Reconnecting);
            Assert.That(refused.CloseCode, Is.EqualTo(GatewayCloseCodes.Unauthorized), refused.ToString());
            Assert.That(feed.TokensAsked, Is.EqualTo(2));
        }

        [Test]
        public void BacksOffLongerAndLongerWhileTheGatewayClosesRightAfterTheUpgrade()
        {
            var camera = TestSystem.FreshCamera();
            var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayA), camera, cancellation => Task.FromResult("not-a-token")).Start();

            Eventually.True(() => feed.States.Count(s => s.State == ConnectionState.Reconnecting) >= 4, TimeSpan.FromSeconds(30),
                "four refusals: " + feed.History());

            var refusals = feed.States.Where(s => s.State == ConnectionState.Reconnecting).Take(4).ToList();
            Assert.That(refusals.Select(s => s.CloseCode), Is.All.EqualTo(GatewayCloseCodes.Unauthorized));
            // 200 ms doubling, each delay between half and all of its cap: 100-200, ..., 800-1600 ms
            Assert.That(refusals[0].RetryIn.Value.TotalMilliseconds, Is.LessThanOrEqualTo(200));
            Assert.That(refusals[3].RetryIn.Value.TotalMilliseconds, Is.GreaterThanOrEqualTo(800));
        }

        [Test]
        public void ComesBackWhenAGatewayOpeningManySessionsSaysSo()
        {
            // two new sessions a second: of six feeds starting at once, the gateway lets some in
            // and tells the others when to come back
            var gateway = Keep(Sut.StartGateway("desktop-storm", "gateway.limits.new-sessions-per-second=2"));
            var camera = TestSystem.FreshCamera();
            var feeds = Enumerable.Range(0, 6).Select(i => Probe(TestSystem.WebSocketUrl(gateway), camera)).ToList();
            feeds.ForEach(feed => feed.Start());

            feeds.ForEach(feed => feed.AwaitLive());

            var deferrals = feeds.SelectMany(feed => feed.States).Where(s => s.CloseCode == GatewayCloseCodes.ComeBackLater).ToList();
            Assert.That(deferrals, Is.Not.Empty, string.Join("; ", feeds.Select(feed => feed.History())));
            foreach (var deferral in deferrals)
            {
                Assert.That(deferral.State, Is.EqualTo(ConnectionState.Reconnecting), deferral.ToString());
                Assert.That(deferral.RetryIn, Is.EqualTo(GatewayCloseCodes.RetryIn(deferral.CloseCode, deferral.Reason)), deferral.ToString());
            }
        }

        [Test]
        public void StopsForGoodWhenTheTokenOpensAnotherCamera()
        {
            var camera = TestSystem.FreshCamera();
            var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayA), camera, Sut.Admin.TokenSupplier(TestSystem.FreshCamera())).Start();

            feed.AwaitState(ConnectionState.Stopped);
            Assert.That(feed.Feed.Completion.Wait(TimeSpan.FromSeconds(10)), "the feed ended");

            var stopped = feed.States.Last();
            Assert.That(stopped.State, Is.EqualTo(ConnectionState.Stopped));
            Assert.That(stopped.CloseCode, Is.EqualTo(GatewayCloseCodes.Forbidden));
            StringAssert.Contains("camera", stopped.Reason);
            Assert.That(feed.TokensAsked, Is.EqualTo(1), "no second attempt");
        }

        [Test]
        [Category("SocketIndependent")]
        public void ReloadsWhenTheGatewaySaysResync()
        {
            var camera = TestSystem.FreshCamera();
            var link = Keep(new TcpProxy(() => new[] { Sut.GatewayA.Port }));
            var feed = Probe(TestSystem.WebSocketUrl(link), camera).Start().AwaitLive();
            Sut.Admin.Create(camera, "one", 1, 1);
            feed.AwaitSeq(1);

            // While the feed is away, its camera's history is reset (seq starts again), so
            // its since=1 cannot be resumed: the gateway answers resync.
            link.Refuse();
            feed.AwaitState(ConnectionState.Reconnecting);
            Database.ResetHistory(camera);
            link.Open();
            Eventually.True(() => feed.Reloads == 2, TimeSpan.FromSeconds(30), "a second load; states: " + string.Join(", ", feed.States));
            Sut.Admin.Create(camera, "two", 2, 2);

            Eventually.True(() => feed.Feed.Labels.Count == 2, TimeSpan.FromSeconds(30), "both labels");
            Assert.That(feed.Feed.Labels.Select(l => l.Name), Is.EqualTo(new[] { "one", "two" }));
            Assert.That(feed.Feed.State, Is.EqualTo(ConnectionState.Live));
        }

        [Test]
        public void NoticesADeadLinkAndResumesOverANewOne()
        {
            var camera = TestSystem.FreshCamera();
            var link = Keep(new TcpProxy(() => new[] { Sut.GatewayA.Port }));
            var feed = Probe(TestSystem.WebSocketUrl(link), camera).Start().AwaitLive();

            link.FreezeCurrent();
            Sut.Admin.Create(camera, "sent while the link was dead", 1, 1);
            feed.AwaitState(ConnectionState.Reconnecting, s => s.Reason.Contains("dead link"));
            feed.AwaitSeq(1);

            Assert.That(feed.Reloads, Is.EqualTo(1), "resumed with since, no reload");
            Assert.That(link.Accepted, Is.EqualTo(2));
        }

        [Test]
        [Category("SocketIndependent")]
        public void RidesOutLabelApiBeingDownWhileItAsksForATokenAndRecovers()
        {
            var camera = TestSystem.FreshCamera();
            Sut.LabelApi.Kill();
            FeedProbe feed;
            try
            {
                feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayA), camera).Start();
                Eventually.True(() => feed.Problems.Count(p => p.Message.Contains("token supplier")) >= 2, TimeSpan.FromSeconds(30),
                    "the failing supplier retried");
            }
            finally
            {
                Sut.LabelApi.Restart();
            }
            feed.AwaitLive();
            Sut.Admin.Create(camera, "after the outage", 1, 1);
            feed.AwaitSeq(1);

            Assert.That(feed.Feed.Labels.Single().Name, Is.EqualTo("after the outage"));
        }

        [Test]
        [Category("SocketIndependent")]
        public void DisposeDuringTheBackOffLeavesNoConnection()
        {
            var camera = TestSystem.FreshCamera();
            var link = Keep(new TcpProxy(() => new[] { Sut.GatewayA.Port }));
            link.Refuse();
            var feed = Probe(TestSystem.WebSocketUrl(link), camera, configure: o => { o.ReconnectMin = TimeSpan.FromSeconds(5); o.ReconnectMax = TimeSpan.FromSeconds(10); });
            feed.Start().AwaitState(ConnectionState.Reconnecting);
            link.Open();

            feed.Feed.Dispose();

            Assert.That(feed.Feed.Completion.Wait(TimeSpan.FromSeconds(5)), "the feed ended at once");
            Assert.That(link.Accepted, Is.EqualTo(0), "no connection after Dispose");
            Assert.That(feed.Feed.State, Is.EqualTo(ConnectionState.Disposed));
        }

        [Test]
        [Category("SocketIndependent")]
        public void RetriesATokenSupplierThatNeverAnswersAndDisposesPastIt()
        {
            var camera = TestSystem.FreshCamera();
            var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayA), camera, cancellation => new TaskCompletionSource<string>().Task,
                o => o.HttpTimeout = TimeSpan.FromSeconds(1));

            feed.Start().AwaitState(ConnectionState.Reconnecting);
            Eventually.True(() => feed.TokensAsked >= 2, TimeSpan.FromSeconds(10), "asked again: " + feed.History());
            feed.Feed.Dispose();

            Assert.That(feed.Feed.Completion.Wait(TimeSpan.FromSeconds(5)), "the feed ended although the supplier never answered");
            StringAssert.Contains("did not answer", feed.Problems.First().ToString());
        }

        [Test]
        public void DisposeWhileLiveClosesTheConnection()
        {
            var camera = TestSystem.FreshCamera();
            var link = Keep(new TcpProxy(() => new[] { Sut.GatewayA.Port }));
            var feed = Probe(TestSystem.WebSocketUrl(link), camera).Start().AwaitLive();

            feed.Feed.Dispose();

            Assert.That(feed.Feed.Completion.Wait(TimeSpan.FromSeconds(5)), "the feed ended at once");
            Eventually.True(() => link.OpenConnections == 0, TimeSpan.FromSeconds(5), "the connection closed");
            Assert.That(link.Accepted, Is.EqualTo(1));
        }

        [Test]
        [Category("SocketIndependent")]
        public void ChangesTheStoreAndRaisesEventsOnTheAppsSynchronizationContext()
        {
            var camera = TestSystem.FreshCamera();
            using (var ui = new SingleThreadContext())
            {
                var threads = new List<int>();
                var feed = Probe(TestSystem.WebSocketUrl(Sut.GatewayB), camera, configure: o => o.SynchronizationContext = ui);
                feed.Feed.LabelsChanged += (sender, e) => { lock (threads) threads.Add(Thread.CurrentThread.ManagedThreadId); };
                ((System.Collections.Specialized.INotifyCollectionChanged)feed.Feed.Labels).CollectionChanged +=
                    (sender, e) => { lock (threads) threads.Add(Thread.CurrentThread.ManagedThreadId); };
                feed.Start().AwaitLive();
                Sut.Admin.Create(camera, "on the ui thread", 1, 1);
                feed.AwaitSeq(1);
                Eventually.True(() => feed.Changes.Count == 2, TimeSpan.FromSeconds(10), "reload and created raised");

                lock (threads)
                {
                    Assert.That(threads, Has.Count.GreaterThanOrEqualTo(3));
                    Assert.That(threads, Is.All.EqualTo(ui.ThreadId));
                }
            }
        }

        private FeedProbe Probe(Uri gateway, string camera, Func<CancellationToken, Task<string>> tokens = null,
            Action<LabelFeedOptions> configure = null)
        {
            return Keep(new FeedProbe(gateway, camera, tokens ?? Sut.Admin.TokenSupplier(camera), Sockets(), configure));
        }

        /// <summary>The socket under test; null for the library's default.</summary>
        protected abstract Func<IFeedSocket> Sockets();

        private T Keep<T>(T disposable) where T : IDisposable
        {
            _cleanup.Add(disposable);
            return disposable;
        }
    }
}
