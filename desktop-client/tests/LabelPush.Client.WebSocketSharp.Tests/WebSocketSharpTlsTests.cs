using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using LabelPush.Client.Tests.Support;
using LabelPush.Client.WebSocketSharp;
using NUnit.Framework;

namespace LabelPush.Client.Tests
{
    /// <summary>
    /// wss:// on WebSocketSharp: rc11 offers SSL 3 and TLS 1.0 unless told otherwise; the
    /// adapter asks for TLS 1.2, which is all this gateway (like any current server) accepts.
    /// </summary>
    [TestFixture]
    public class WebSocketSharpTlsTests
    {
        private const string Password = "changeit";

        private string _keyStore;

        private JavaApp _gateway;

        private string _thumbprint;

        [TestFixtureSetUp]
        public void StartGatewayWithTls()
        {
            _keyStore = Path.Combine(Path.GetTempPath(), "labelpush-gateway-tls-" + Guid.NewGuid().ToString("N") + ".p12");
            Keytool("-genkeypair -alias gateway -keyalg RSA -keysize 2048 -dname CN=127.0.0.1 -ext SAN=ip:127.0.0.1 -validity 2 "
                + "-storetype PKCS12 -keystore " + _keyStore + " -storepass " + Password + " -keypass " + Password);
            // Mono cannot read the PKCS12 file Java 17 writes; the certificate alone it can.
            Keytool("-exportcert -alias gateway -keystore " + _keyStore + " -storepass " + Password + " -file " + _keyStore + ".der");
            _thumbprint = new X509Certificate2(File.ReadAllBytes(_keyStore + ".der")).Thumbprint;
            _gateway = TestSystem.Current.StartGateway("desktop-tls", true,
                "server.ssl.key-store=file:" + _keyStore, "server.ssl.key-store-password=" + Password,
                "server.ssl.key-store-type=PKCS12", "server.ssl.enabled-protocols=TLSv1.2");
        }

        [TestFixtureTearDown]
        public void StopGateway()
        {
            if (_gateway != null)
            {
                _gateway.Dispose();
            }
            File.Delete(_keyStore);
            File.Delete(_keyStore + ".der");
        }

        private static void Keytool(string arguments)
        {
            using (var keytool = Process.Start(new ProcessStartInfo(JavaApp.JdkTool("keytool"), arguments)
            { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true }))
            {
                var errors = keytool.StandardError.ReadToEnd();
                keytool.WaitForExit();
                Assert.That(keytool.ExitCode, Is.EqualTo(0), "keytool " + arguments + ": " + errors);
            }
        }

        [Test]
        public void FollowsACameraOverWssWithTls12()
        {
            var camera = TestSystem.FreshCamera();
            using (var feed = new FeedProbe(Wss(), camera, TestSystem.Current.Admin.TokenSupplier(camera),
                () => new WebSocketSharpSocket(ws => ws.SslConfiguration.ServerCertificateValidationCallback =
                    (sender, certificate, chain, errors) => new X509Certificate2(certificate).Thumbprint == _thumbprint)))
            {
                feed.Start().AwaitLive();
                TestSystem.Current.Admin.Create(camera, "over tls", 1, 1);
                feed.AwaitSeq(1);

                Assert.That(feed.Feed.Labels.Single().Name, Is.EqualTo("over tls"));
            }
        }

        [Test]
        public void CannotConnectWithWhatRc11OffersByDefault()
        {
            var camera = TestSystem.FreshCamera();
            using (var feed = new FeedProbe(Wss(), camera, TestSystem.Current.Admin.TokenSupplier(camera),
                () => new WebSocketSharpSocket(ws =>
                {
                    ws.SslConfiguration.EnabledSslProtocols = SslProtocols.Tls; // rc11's default, less SSL 3
                    ws.SslConfiguration.ServerCertificateValidationCallback = (sender, certificate, chain, errors) => true;
                })))
            {
                feed.Start().AwaitState(ConnectionState.Reconnecting);

                Assert.That(feed.States.Select(s => s.State), Has.No.Member(ConnectionState.Live));
                StringAssert.Contains("could not connect", feed.States.First(s => s.State == ConnectionState.Reconnecting).Reason);
            }
        }

        [Test]
        public void RefusesAGatewayWhoseCertificateItDoesNotTrust()
        {
            var camera = TestSystem.FreshCamera();
            using (var feed = new FeedProbe(Wss(), camera, TestSystem.Current.Admin.TokenSupplier(camera), () => new WebSocketSharpSocket()))
            {
                feed.Start().AwaitState(ConnectionState.Reconnecting);

                Assert.That(feed.States.Select(s => s.State), Has.No.Member(ConnectionState.Live));
            }
        }

        private Uri Wss()
        {
            return new Uri("wss://127.0.0.1:" + _gateway.Port);
        }
    }
}
