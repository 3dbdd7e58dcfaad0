using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using LabelPush.Client.Tests.Support;
using NUnit.Framework;

namespace LabelPush.Client.Tests
{
    /// <summary>The console sample, run as a user runs it, against the real system.</summary>
    [TestFixture]
    public class ConsoleSampleTests
    {
        [Test]
        public void PrintsEachChangeOfTheCameraUntilEnterIsPressed()
        {
            var camera = TestSystem.FreshCamera();
            var sample = Path.Combine(AppDomain.CurrentDomain.BaseDirectory, "LabelPush.Sample.exe");
            var lines = new List<string>();
            var start = new ProcessStartInfo("mono", sample + " ws://127.0.0.1:" + TestSystem.Current.GatewayA.Port + " "
                + TestSystem.Current.LabelApi.BaseUrl + " " + camera + " " + Admin.AdminKey)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            };
            using (var process = Process.Start(start))
            {
                // a thread of its own reads the output, so the sample never blocks on a full pipe
                var reader = new Thread(() =>
                {
                    string line;
                    while ((line = process.StandardOutput.ReadLine()) != null)
                    {
                        lock (lines) lines.Add(line);
                    }
                }) { IsBackground = true };
                reader.Start();
                Func<string> output = () => { lock (lines) return string.Join("\n", lines); };
                try
                {
                    Eventually.True(() => output().Contains("[Live]"), TimeSpan.FromSeconds(30), "live: " + camera);
                    TestSystem.Current.Admin.Create(camera, "printed", 3, 4);
                    Eventually.True(() => output().Contains("Created seq 1: printed"), TimeSpan.FromSeconds(30), "the label printed");

                    process.StandardInput.WriteLine();
                    Assert.That(process.WaitForExit(10000), "it ends on Enter");
                    Assert.That(process.ExitCode, Is.EqualTo(0));
                    StringAssert.Contains("1 labels", output());
                }
                finally
                {
                    if (!process.HasExited)
                    {
                        process.Kill();
                    }
                    Console.WriteLine(output());
                }
            }
        }
    }
}
