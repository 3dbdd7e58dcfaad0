using System;
using NUnit.Framework;

namespace LabelPush.Client.UnitTests
{
    [TestFixture]
    public class BackoffTests
    {
        [Test]
        public void DoublesFromTheMinimumWithJitterUpToTheMaximum()
        {
            var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 42);
            foreach (var cap in new[] { 1000, 2000, 4000, 8000, 8000, 8000 })
            {
                var delay = backoff.Next().TotalMilliseconds;
                Assert.That(delay, Is.InRange(cap / 2.0, cap), "attempt capped at " + cap);
            }
        }

        [Test]
        public void StartsSmallAgainOnlyAfterAReset()
        {
            var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 7);
            backoff.Next();
            backoff.Next();
            Assert.That(backoff.Next().TotalMilliseconds, Is.InRange(2000, 4000), "it grows across attempts");

            backoff.Reset();

            Assert.That(backoff.Next().TotalMilliseconds, Is.InRange(500, 1000));
        }

        [Test]
        public void TakesTheGatewaysAdviceButNotNonsense()
        {
            var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 1);
            backoff.Advise(200, 2000);
            Assert.That(backoff.Min, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(backoff.Max, Is.EqualTo(TimeSpan.FromSeconds(2)));

            backoff.Advise(0, 100);
            backoff.Advise(5000, 1000);
            backoff.Advise(null, 1000);

            Assert.That(backoff.Min, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(backoff.Max, Is.EqualTo(TimeSpan.FromSeconds(2)));
        }

        [Test]
        public void WaitsAsToldWithinTheMaximumWithoutCountingAnAttempt()
        {
            var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 3);

            Assert.That(backoff.AsTold(TimeSpan.FromMilliseconds(840)), Is.EqualTo(TimeSpan.FromMilliseconds(840)));
            Assert.That(backoff.AsTold(TimeSpan.FromMinutes(5)), Is.EqualTo(TimeSpan.FromSeconds(8)));
            Assert.That(backoff.Next().TotalMilliseconds, Is.InRange(500, 1000), "still the first attempt");
        }
    }
}
