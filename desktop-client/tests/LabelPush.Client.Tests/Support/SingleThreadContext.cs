using System;
using System.Collections.Concurrent;
using System.Threading;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>A SynchronizationContext with one thread of its own, as a WPF dispatcher has.</summary>
    public sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<Tuple<SendOrPostCallback, object>> _work = new BlockingCollection<Tuple<SendOrPostCallback, object>>();

        private readonly Thread _thread;

        public SingleThreadContext()
        {
            _thread = new Thread(() =>
            {
                SetSynchronizationContext(this);
                foreach (var item in _work.GetConsumingEnumerable())
                {
                    item.Item1(item.Item2);
                }
            }) { IsBackground = true, Name = "ui" };
            _thread.Start();
        }

        public int ThreadId
        {
            get { return _thread.ManagedThreadId; }
        }

        public override void Post(SendOrPostCallback callback, object state)
        {
            _work.Add(Tuple.Create(callback, state));
        }

        public override void Send(SendOrPostCallback callback, object state)
        {
            throw new NotSupportedException("the feed only posts");
        }

        public void Dispose()
        {
            _work.CompleteAdding();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}
