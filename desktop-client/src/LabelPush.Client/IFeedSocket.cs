using System;
using System.Threading;
using System.Threading.Tasks;

namespace LabelPush.Client
{
    /// <summary>
    /// A WebSocket connection as the feed needs it. The library uses
    /// <see cref="System.Net.WebSockets.ClientWebSocket"/>; an app that keeps WebSocketSharp
    /// plugs in <c>LabelPush.Client.WebSocketSharp.WebSocketSharpSocket</c> through
    /// <see cref="LabelFeedOptions.SocketFactory"/>. One socket per connection attempt.
    /// </summary>
    public interface IFeedSocket : IDisposable
    {
        /// <summary>Opens the connection; fails when the handshake is refused.</summary>
        Task ConnectAsync(Uri uri, CancellationToken cancellation);

        /// <summary>The next message: a text frame, a ping seen, or the close (after which none follows).</summary>
        Task<FeedMessage> ReceiveAsync(CancellationToken cancellation);

        /// <summary>Sends a text frame. Not called concurrently.</summary>
        Task SendAsync(string text, CancellationToken cancellation);

        /// <summary>Starts the closing handshake.</summary>
        Task CloseAsync(int code, string reason, CancellationToken cancellation);

        /// <summary>Drops the connection at once; a pending receive ends.</summary>
        void Abort();
    }

    /// <summary>What a socket received.</summary>
    public sealed class FeedMessage
    {
        private FeedMessage(FeedMessageKind kind, string text, int? closeCode, string closeReason)
        {
            Kind = kind;
            Text = text;
            CloseCode = closeCode;
            CloseReason = closeReason;
        }

        /// <summary>Text, ping or close.</summary>
        public FeedMessageKind Kind { get; private set; }

        /// <summary>For text: the frame.</summary>
        public string Text { get; private set; }

        /// <summary>For close: the code, if the peer sent one.</summary>
        public int? CloseCode { get; private set; }

        /// <summary>For close: the reason, if any.</summary>
        public string CloseReason { get; private set; }

        /// <summary>A text frame.</summary>
        public static FeedMessage OfText(string text)
        {
            return new FeedMessage(FeedMessageKind.Text, text, null, null);
        }

        /// <summary>A ping the socket answered by itself (sockets that can see pings report them: they prove the link alive).</summary>
        public static FeedMessage OfPing()
        {
            return new FeedMessage(FeedMessageKind.Ping, null, null, null);
        }

        /// <summary>The peer closed, or the connection ended without a close frame (code null).</summary>
        public static FeedMessage OfClose(int? code, string reason)
        {
            return new FeedMessage(FeedMessageKind.Close, null, code, reason);
        }
    }

    /// <summary>Kinds of <see cref="FeedMessage"/>.</summary>
    public enum FeedMessageKind
    {
        /// <summary>A text frame.</summary>
        Text,

        /// <summary>A ping.</summary>
        Ping,

        /// <summary>The end of the connection.</summary>
        Close,
    }
}
