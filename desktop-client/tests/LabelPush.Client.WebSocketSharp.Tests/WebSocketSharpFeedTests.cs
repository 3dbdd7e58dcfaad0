using System;
using LabelPush.Client.WebSocketSharp;
using NUnit.Framework;

namespace LabelPush.Client.Tests
{
    /// <summary>
    /// The feed on WebSocketSharp, for apps that keep it; built and run once against
    /// 1.0.3-rc11 (the NuGet release) and once against current WebSocketSharp.
    /// </summary>
    [TestFixture]
    public class WebSocketSharpFeedTests : LabelFeedTests
    {
        protected override Func<IFeedSocket> Sockets()
        {
            return () => new WebSocketSharpSocket();
        }
    }
}
