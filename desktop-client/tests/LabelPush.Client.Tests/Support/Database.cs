using System;
using System.Diagnostics;

namespace LabelPush.Client.Tests.Support
{
    /// <summary>label-api's tables, changed behind its back as an operator's reset would (through psql).</summary>
    public static class Database
    {
        /// <summary>Forgets a camera's event history and seq counter: its next event is seq 1 again.</summary>
        public static void ResetHistory(string camera)
        {
            Psql("DELETE FROM " + TestSystem.Schema + ".label_event WHERE camera_id = '" + camera + "'; "
                + "DELETE FROM " + TestSystem.Schema + ".camera_sequence WHERE camera_id = '" + camera + "';");
        }

        private static void Psql(string sql)
        {
            var start = new ProcessStartInfo("psql", "-h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -q -c \"" + sql + "\"")
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using (var psql = Process.Start(start))
            {
                var errors = psql.StandardError.ReadToEnd();
                psql.WaitForExit();
                if (psql.ExitCode != 0)
                {
                    throw new InvalidOperationException("psql failed: " + errors);
                }
            }
        }
    }
}
