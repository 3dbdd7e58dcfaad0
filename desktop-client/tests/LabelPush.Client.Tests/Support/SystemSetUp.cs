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
            // On Mono, WebSocketSharp's reads of a wss:// connection block two pool threads
            // each (SslStream's BeginRead runs a blocking Read), and Mono adds pool threads
            // slowly; .NET Framework, where the apps run, reads asynchronously.
            System.Threading.ThreadPool.SetMinThreads(32, 32);
            Support.TestSystem.Start();
        }

        [TearDown]
        public void StopSystem()
        {
            Support.TestSystem.Stop();
        }
    }
}
