using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Net.Http;
using NUnit.Framework;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>One of the project's applications as a real process (its exec jar), restartable on the same port.</summary>
    public sealed class JavaApp : IDisposable
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

        private readonly string _name;

        private readonly string _arguments;

        private readonly string _log;


        private readonly int _healthPort;

        private Process _process;

        private JavaApp(string name, string arguments, int port, int healthPort)
        {
            _name = name;
            _arguments = arguments;
            Port = port;
            _healthPort = healthPort;
            _log = Path.Combine(Path.GetTempPath(), "labelpush-" + name + "-" + port + ".log");
            File.WriteAllText(_log, "");
        }

        public int Port { get; private set; }

        public string BaseUrl
        {
            get { return "http://127.0.0.1:" + Port; }
        }

        /// <summary>Starts a jar with Spring settings (without the leading --); Ready() waits for it.</summary>
        /// <param name="separateManagementPort">actuator on a plain port of its own, for an app whose own port speaks TLS</param>
        public static JavaApp Launch(string name, string jar, IEnumerable<string> jvmOptions, IEnumerable<string> settings,
            bool separateManagementPort = false)
        {
            int port = FreePort();
            int healthPort = separateManagementPort ? FreePort() : port;
            var arguments = string.Join(" ", jvmOptions.Concat(new[] { "-jar", Quote(jar), "--server.port=" + port, "--logging.level.root=warn" })
                .Concat(separateManagementPort ? new[] { "--management.server.port=" + healthPort, "--management.server.ssl.enabled=false" } : new string[0])
                .Concat(settings.Select(setting => Quote("--" + setting))));
            var app = new JavaApp(name, arguments, port, healthPort);
            app.Launch();
            return app;
        }

        /// <summary>Waits until the app's readiness answers 200.</summary>
        public JavaApp Ready()
        {
            var health = "http://127.0.0.1:" + _healthPort + "/actuator/health/readiness";
            try
            {
                AwaitReady(health);
            }
            catch (AssertionException ex)
            {
                Kill(); // never leave a process behind a failed start
                throw new InvalidOperationException(ex.Message + "; its log: " + Log());
            }
            return this;
        }

        private void AwaitReady(string health)
        {
            Eventually.True(() =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException(_name + " exited: " + Log());
                }
                try
                {
                    return Http.GetAsync(health).Result.StatusCode == HttpStatusCode.OK;
                }
                catch (AggregateException)
                {
                    return false; // not listening yet
                }
            }, TimeSpan.FromSeconds(120), _name + " ready");
        }

        /// <summary>SIGKILL: no shutdown hook, no close frames.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(30000);
            }
        }

        /// <summary>Starts again on the same port with the same settings.</summary>
        public void Restart()
        {
            Launch();
            Ready();
        }

        public void Dispose()
        {
            Kill();
        }

        // The shell hands the log to the JVM's own output, so no thread of this process is
        // spent reading it (Mono's async output reading holds pool threads); exec makes the
        // shell's pid the JVM's, so Kill is a SIGKILL to the JVM.
        private void Launch()
        {
            var start = new ProcessStartInfo("/bin/sh", "-c \"exec " + Quote(Java()) + " " + _arguments + " >> " + Quote(_log) + " 2>&1\"")
            {
                UseShellExecute = false,
            };
            _process = Process.Start(start);
        }

        private string Log()
        {
            using (var reader = new FileStream(_log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                return new StreamReader(reader).ReadToEnd();
            }
        }

        private static string Java()
        {
            return JdkTool("java");
        }

        /// <summary>A JDK command (java, keytool), from JAVA_HOME when it is set.</summary>
        internal static string JdkTool(string tool)
        {
            var home = Environment.GetEnvironmentVariable("JAVA_HOME");
            return string.IsNullOrEmpty(home) ? tool : Path.Combine(home, "bin", tool);
        }

        // A word for the shell; the settings hold no double quotes, which the process start would mangle.
        private static string Quote(string value)
        {
            if (value.Contains("\""))
            {
                throw new ArgumentException("no double quotes in process arguments: " + value);
            }
            return "'" + value.Replace("'", "'\\''") + "'";
        }

        internal static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }
    }
}
