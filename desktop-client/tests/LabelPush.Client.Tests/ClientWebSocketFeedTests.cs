using System;
using NUnit.Framework;

namespace LabelPush.Client.Tests
{
    /// <summary>The feed on its default socket, the framework's ClientWebSocket.</summary>
    [TestFixture]
    public class ClientWebSocketFeedTests : LabelFeedTests
    {
        protected override Func<IFeedSocket> Sockets()
        {
            return null;
        }
    }
}
