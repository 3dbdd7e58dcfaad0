using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LabelPush.Client;
using Newtonsoft.Json.Linq;

namespace LabelPush.Sample
{
    /// <summary>
    /// Follows one camera's labels and prints every change:
    /// <c>mono LabelPush.Sample.exe ws://localhost:8081 http://localhost:8080 cam-7 dev-admin-key</c>
    /// (the local run's addresses and development admin key). A real desktop app gets its
    /// client token from its own back end; the sample asks label-api with the admin key.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length != 4)
            {
                Console.Error.WriteLine("usage: LabelPush.Sample <gateway ws://...> <label-api http://...> <cameraId> <admin key>");
                return 2;
            }
            var labelApi = new Uri(args[1]);
            var camera = args[2];
            using (var http = new HttpClient())
            using (var feed = new LabelFeed(new LabelFeedOptions
            {
                GatewayUrl = new Uri(args[0]),
                LabelApiUrl = labelApi,
                CameraId = camera,
                TokenSupplier = cancellation => ClientToken(http, labelApi, camera, args[3], cancellation),
            }))
            {
                feed.StateChanged += (sender, e) => Console.WriteLine("[" + e + "]");
                feed.Problem += (sender, e) => Console.WriteLine("[problem] " + e);
                feed.LabelsChanged += (sender, e) =>
                {
                    Console.WriteLine(e.Change + (e.Seq.HasValue ? " seq " + e.Seq : "") + (e.Label != null ? ": " + e.Label : ""));
                    Console.WriteLine("  " + feed.Labels.Count + " labels");
                };
                feed.Start();
                Console.WriteLine("following " + camera + "; Enter stops");
                Console.ReadLine();
            }
            return 0;
        }

        private static async Task<string> ClientToken(HttpClient http, Uri labelApi, string camera, string adminKey, CancellationToken cancellation)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri(labelApi, "/api/client-tokens")))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
                request.Content = new StringContent(new JObject { { "cameraId", camera }, { "ttlSeconds", 3600 } }.ToString(), Encoding.UTF8, "application/json");
                using (var response = await http.SendAsync(request, cancellation).ConfigureAwait(false))
                {
                    response.EnsureSuccessStatusCode();
                    return (string)JObject.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))["token"];
                }
            }
        }
    }
}
