using System;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>Waits for an asynchronous outcome by checking it until it holds or time runs out.</summary>
    public static class Eventually
    {
        public static void True(Func<bool> condition, TimeSpan timeout, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > timeout)
                {
                    Assert.Fail("not within " + timeout.TotalSeconds + " s: " + what);
                }
                Thread.Sleep(20); // the polling interval of the wait, not a wait for an outcome
            }
        }
    }
}
