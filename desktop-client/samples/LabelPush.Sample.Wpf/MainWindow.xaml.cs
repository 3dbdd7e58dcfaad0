using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Windows;
using LabelPush.Client;
using Newtonsoft.Json.Linq;

namespace LabelPush.Sample.Wpf
{
    /// <summary>
    /// A camera view: the feed is created on the UI thread, so its store changes and events
    /// arrive on the dispatcher and the ItemsControl binds to the store directly.
    /// </summary>
    public partial class MainWindow : Window
    {
        private static readonly HttpClient Http = new HttpClient();

        private readonly LabelFeed _feed;

        public MainWindow()
        {
            InitializeComponent();
            _feed = new LabelFeed(new LabelFeedOptions
            {
                GatewayUrl = new Uri("ws://localhost:8081"),
                LabelApiUrl = new Uri("http://localhost:8080"),
                CameraId = "cam-7",
                TokenSupplier = ClientTokenAsync,
            });
            View.ItemsSource = _feed.Labels;
            _feed.StateChanged += (sender, e) => Status.Text = e.ToString();
            _feed.Start();
            Closed += (sender, e) => _feed.Dispose();
        }

        // In a real app: the admin back end's own endpoint, which calls label-api's
        // POST /api/client-tokens for the signed-in user. Here: label-api with the local run's key.
        private static async Task<string> ClientTokenAsync(CancellationToken cancellation)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost:8080/api/client-tokens"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "dev-admin-key");
                request.Content = new StringContent("{\"cameraId\":\"cam-7\"}", Encoding.UTF8, "application/json");
                using (var response = await Http.SendAsync(request, cancellation).ConfigureAwait(false))
                {
                    response.EnsureSuccessStatusCode();
                    return (string)JObject.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))["token"];
                }
            }
        }
    }
}
