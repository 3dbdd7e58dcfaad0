using System;
using NUnit.Framework;

namespace LabelPush.Client.UnitTests
{
    [TestFixture]
    public class GatewayCloseCodesTests
    {
        [Test]
        public void ReadsTheWaitOfADeferral()
        {
            Assert.That(GatewayCloseCodes.RetryIn(4503, "retry in 840 ms: this gateway is opening many sessions"),
                Is.EqualTo(TimeSpan.FromMilliseconds(840)));
        }

        [Test]
        public void FindsNoWaitInOtherCloses()
        {
            Assert.That(GatewayCloseCodes.RetryIn(4503, "busy"), Is.Null);
            Assert.That(GatewayCloseCodes.RetryIn(4503, null), Is.Null);
            Assert.That(GatewayCloseCodes.RetryIn(1013, "retry in 840 ms: client too slow"), Is.Null);
            Assert.That(GatewayCloseCodes.RetryIn(null, "retry in 840 ms"), Is.Null);
            Assert.That(GatewayCloseCodes.RetryIn(4503, "retry in -5 ms"), Is.Null);
            Assert.That(GatewayCloseCodes.RetryIn(4503, "retry in 99999999999999 ms"), Is.Null);
        }
    }
}
