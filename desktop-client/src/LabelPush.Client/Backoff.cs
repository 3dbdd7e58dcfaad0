using System;

namespace LabelPush.Client
{
    /// <summary>
    /// Reconnect delays: doubling from the gateway's advised minimum up to its maximum, with
    /// jitter so that clients of a failed gateway do not come back all at once. It grows
    /// across connections that are accepted and closed at once; only a connection that
    /// stayed up resets it. Used by the feed's one connection loop only.
    /// </summary>
    internal sealed class Backoff
    {
        private readonly Random _random;

        private int _attempt;

        internal Backoff(TimeSpan min, TimeSpan max, int seed)
        {
            Min = min;
            Max = max;
            _random = new Random(seed);
        }

        internal TimeSpan Min { get; private set; }

        internal TimeSpan Max { get; private set; }

        /// <summary>Takes the gateway's advice from hello.</summary>
        internal void Advise(long? minMs, long? maxMs)
        {
            if (minMs > 0 && maxMs >= minMs)
            {
                Min = TimeSpan.FromMilliseconds(minMs.Value);
                Max = TimeSpan.FromMilliseconds(maxMs.Value);
            }
        }

        /// <summary>The delay before the next attempt: between half and all of min * 2^attempt, capped at max.</summary>
        internal TimeSpan Next()
        {
            double cap = Math.Min(Max.TotalMilliseconds, Min.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
            _attempt++;
            double jitter = _random.NextDouble();
            return TimeSpan.FromMilliseconds(cap / 2 + jitter * cap / 2);
        }

        /// <summary>
        /// The delay the gateway asked for, within the advised maximum; the attempts so far stay
        /// as they are (a deferral is neither a failure nor a success).
        /// </summary>
        internal TimeSpan AsTold(TimeSpan wait)
        {
            return wait > Max ? Max : wait;
        }

        /// <summary>After a connection that stayed up: the next delay starts small again.</summary>
        internal void Reset()
        {
            _attempt = 0;
        }
    }
}
