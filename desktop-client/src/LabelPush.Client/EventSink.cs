using System;
using System.Diagnostics;
using System.Threading;

namespace LabelPush.Client
{
    /// <summary>
    /// Runs the feed's store changes and events on the app's SynchronizationContext, in the
    /// order the feed made them; without a context, at once on the feed's thread. Once closed
    /// (the feed disposed) nothing more runs, even what was posted before.
    /// </summary>
    internal sealed class EventSink
    {
        private readonly SynchronizationContext _context;

        private volatile bool _closed;

        internal EventSink(SynchronizationContext context)
        {
            _context = context;
        }

        internal void Post(Action action)
        {
            if (_context == null)
            {
                Run(action);
            }
            else
            {
                _context.Post(state => Run((Action)state), action);
            }
        }

        internal void Close()
        {
            _closed = true;
        }

        // An app handler's exception must not end the feed's loop (without a context) nor
        // reach a dispatcher as the feed's fault: it is traced.
        private void Run(Action action)
        {
            if (_closed)
            {
                return;
            }
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Trace.TraceError("LabelPush.Client: an event handler threw: " + ex);
            }
        }
    }
}
