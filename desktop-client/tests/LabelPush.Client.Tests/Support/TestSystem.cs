using System;
using System.IO;
using System.Threading.Tasks;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>
    /// The real system the library talks to: label-api and two gateways as processes on the
    /// local PostgreSQL and RabbitMQ, started once for a test assembly. Their jars come from
    /// the Maven build (LABELPUSH_LABEL_API_JAR, LABELPUSH_GATEWAY_JAR, LABELPUSH_SIGNING_KEY).
    /// </summary>
    public sealed class TestSystem : IDisposable
    {
        internal const string Schema = "label_api_desktop_client";

        private TestSystem()
        {
            LabelApi = JavaApp.Launch("label-api", Required("LABELPUSH_LABEL_API_JAR"), new[] { "-Xmx384m" }, new[]
            {
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + Schema,
                "spring.flyway.schemas=" + Schema,
                "labels.security.api-keys.admin.sha256=" + Admin.Sha256(Admin.AdminKey),
                "labels.security.api-keys.admin.scopes=labels:read,labels:write",
                "labels.security.api-keys.gateway.sha256=" + Admin.Sha256(Admin.GatewayKey),
                "labels.security.api-keys.gateway.scopes=labels:read",
                "labels.client-tokens.signing-key=file:" + Required("LABELPUSH_SIGNING_KEY"),
            }).Ready();
            Admin = new Admin(() => LabelApi.BaseUrl);
            try
            {
                var a = Task.Run(() => StartGateway("desktop-a"));
                var b = Task.Run(() => StartGateway("desktop-b"));
                GatewayA = a.Result;
                GatewayB = b.Result;
            }
            catch (Exception)
            {
                Dispose();
                throw;
            }
        }

        public static TestSystem Current { get; private set; }

        public JavaApp LabelApi { get; private set; }

        public JavaApp GatewayA { get; private set; }

        public JavaApp GatewayB { get; private set; }

        public Admin Admin { get; private set; }

        public static void Start()
        {
            Current = new TestSystem();
        }

        public static void Stop()
        {
            if (Current != null)
            {
                Current.Dispose();
                Current = null;
            }
        }

        /// <summary>
        /// A gateway with short timings, so what a desktop sees in minutes happens in seconds:
        /// pings every 2 s (a dead link shows after 5 s), tokens expire to the second.
        /// </summary>
        public JavaApp StartGateway(string instance, params string[] more)
        {
            return StartGateway(instance, false, more);
        }

        public JavaApp StartGateway(string instance, bool separateManagementPort, params string[] more)
        {
            var settings = new System.Collections.Generic.List<string>
            {
                "gateway.instance-id=" + instance + "-" + Guid.NewGuid().ToString("N").Substring(0, 6),
                "gateway.history.base-url=" + LabelApi.BaseUrl,
                "gateway.history.api-key=" + Admin.GatewayKey,
                "gateway.heartbeat=2s",
                "gateway.heartbeat-timeout=10s",
                "gateway.client-tokens.clock-skew=0s",
                "gateway.reconnect-min=200ms",
                "gateway.reconnect-max=2s",
                "gateway.binding-linger=1s",
                "gateway.drain-window=1s",
            };
            settings.AddRange(more);
            return JavaApp.Launch("push-gateway", Required("LABELPUSH_GATEWAY_JAR"), new[] { "-Xmx256m", "-XX:+UseParallelGC" }, settings, separateManagementPort).Ready();
        }

        public Uri LabelApiUrl
        {
            get { return new Uri(LabelApi.BaseUrl); }
        }

        public static Uri WebSocketUrl(JavaApp gateway)
        {
            return new Uri("ws://127.0.0.1:" + gateway.Port);
        }

        public static Uri WebSocketUrl(TcpProxy balancer)
        {
            return new Uri("ws://127.0.0.1:" + balancer.Port);
        }

        public static string FreshCamera()
        {
            return "desk-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        }

        public void Dispose()
        {
            foreach (var app in new[] { GatewayA, GatewayB, LabelApi })
            {
                if (app != null)
                {
                    app.Dispose();
                }
            }
        }

        private static string Required(string variable)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value) || !File.Exists(value))
            {
                throw new InvalidOperationException(variable + " must name an existing file (the Maven build sets it), got '" + value + "'");
            }
            return value;
        }
    }
}
