using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LabelPush.Client
{
    /// <summary>
    /// The default <see cref="IFeedSocket"/>: the framework's ClientWebSocket, which answers the
    /// gateway's pings by itself (and does not show them).
    /// </summary>
    internal sealed class ClientWebSocketSocket : IFeedSocket
    {
        // The gateway's frames are events of one label; anything far larger is not the gateway.
        private const int MaxMessageBytes = 4 * 1024 * 1024;

        private readonly ClientWebSocket _socket = new ClientWebSocket();

        private readonly byte[] _buffer = new byte[16 * 1024];

        public Task ConnectAsync(Uri uri, CancellationToken cancellation)
        {
            return _socket.ConnectAsync(uri, cancellation);
        }

        public async Task<FeedMessage> ReceiveAsync(CancellationToken cancellation)
        {
            using (var message = new MemoryStream())
            {
                while (true)
                {
                    WebSocketReceiveResult result;
                    try
                    {
                        result = await _socket.ReceiveAsync(new ArraySegment<byte>(_buffer), cancellation).ConfigureAwait(false);
                    }
                    catch (WebSocketException) when (!cancellation.IsCancellationRequested)
                    {
                        return FeedMessage.OfClose(null, "the connection dropped");
                    }
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return FeedMessage.OfClose((int?)result.CloseStatus, result.CloseStatusDescription);
                    }
                    message.Write(_buffer, 0, result.Count);
                    if (message.Length > MaxMessageBytes)
                    {
                        throw new InvalidDataException("a frame over " + MaxMessageBytes + " bytes");
                    }
                    if (result.EndOfMessage)
                    {
                        if (result.MessageType == WebSocketMessageType.Binary)
                        {
                            message.SetLength(0); // not part of the contract: ignored
                            continue;
                        }
                        return FeedMessage.OfText(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                    }
                }
            }
        }

        public Task SendAsync(string text, CancellationToken cancellation)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return _socket.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Text, true, cancellation);
        }

        public Task CloseAsync(int code, string reason, CancellationToken cancellation)
        {
            var state = _socket.State;
            if (state != WebSocketState.Open && state != WebSocketState.CloseReceived)
            {
                return Task.FromResult(0);
            }
            return _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellation);
        }

        public void Abort()
        {
            _socket.Abort();
        }

        public void Dispose()
        {
            _socket.Dispose();
        }
    }
}
