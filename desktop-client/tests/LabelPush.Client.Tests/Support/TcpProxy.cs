using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>
    /// A TCP hop between a client and its servers: a load balancer (each connection goes to the
    /// first upstream that accepts it), a link that can freeze (bytes stop, sockets stay open),
    /// and an address that can refuse every connection.
    /// </summary>
    public sealed class TcpProxy : IDisposable
    {
        private readonly Func<IList<int>> _upstreams;

        private readonly List<Link> _links = new List<Link>();

        private TcpListener _listener;

        private int _accepted;

        public TcpProxy(Func<IList<int>> upstreams)
        {
            _upstreams = upstreams;
            Port = JavaApp.FreePort();
            Open();
        }

        public int Port { get; private set; }

        /// <summary>Connections accepted so far.</summary>
        public int Accepted
        {
            get { return Volatile.Read(ref _accepted); }
        }

        /// <summary>Connections whose client side is still open.</summary>
        public int OpenConnections
        {
            get
            {
                lock (_links)
                {
                    return _links.Count(link => !link.Closed);
                }
            }
        }

        /// <summary>Listens (again).</summary>
        public void Open()
        {
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            Task.Run(() => AcceptAsync(listener));
        }

        /// <summary>Stops listening and drops every connection: the address refuses.</summary>
        public void Refuse()
        {
            _listener.Stop();
            lock (_links)
            {
                _links.ForEach(link => link.Drop());
            }
        }

        /// <summary>The connections open now stop carrying bytes but stay open, as behind a dead router; new ones work.</summary>
        public void FreezeCurrent()
        {
            lock (_links)
            {
                _links.ForEach(link => link.Frozen = true);
            }
        }

        public void Dispose()
        {
            Refuse();
        }

        private async Task AcceptAsync(TcpListener listener)
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return; // stopped
                }
                Interlocked.Increment(ref _accepted);
                var upstream = Connect();
                if (upstream == null)
                {
                    client.Close();
                    continue;
                }
                var link = new Link(client, upstream);
                lock (_links)
                {
                    _links.Add(link);
                }
                link.Start();
            }
        }

        private TcpClient Connect()
        {
            foreach (var port in _upstreams())
            {
                var upstream = new TcpClient();
                try
                {
                    upstream.Connect(IPAddress.Loopback, port);
                    return upstream;
                }
                catch (SocketException)
                {
                    upstream.Close(); // down: the next one
                }
            }
            return null;
        }

        private sealed class Link
        {
            private readonly TcpClient _client;

            private readonly TcpClient _upstream;

            internal Link(TcpClient client, TcpClient upstream)
            {
                _client = client;
                _upstream = upstream;
            }

            internal volatile bool Frozen;

            internal volatile bool Closed;

            internal void Start()
            {
                Task.Run(() => PumpAsync(_client.GetStream(), _upstream.GetStream()));
                Task.Run(() => PumpAsync(_upstream.GetStream(), _client.GetStream()));
            }

            internal void Drop()
            {
                Closed = true;
                _client.Close();
                _upstream.Close();
            }

            private async Task PumpAsync(NetworkStream from, NetworkStream to)
            {
                var buffer = new byte[16 * 1024];
                try
                {
                    while (true)
                    {
                        int read = await from.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }
                        if (Frozen)
                        {
                            continue; // swallowed, as by a link that died
                        }
                        await to.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                    }
                }
                catch (Exception)
                {
                    // one side went away
                }
                Drop();
            }
        }
    }
}
