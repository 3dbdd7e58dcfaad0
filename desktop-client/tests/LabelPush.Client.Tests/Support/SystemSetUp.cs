using NUnit.Framework;

namespace LabelPush.Client.Tests
{
    /// <summary>Starts the real system once for the test assembly and stops it after.</summary>
    [SetUpFixture]
    public sealed class SystemSetUp
    {
        [SetUp]
        public void StartSystem()
        {
            Support.TestSystem.Start();
        }

        [TearDown]
        public void StopSystem()
        {
            Support.TestSystem.Stop();
        }
    }
}
