using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LabelPush.Client
{
    /// <summary>Loads a camera's labels from label-api with the client token, every page.</summary>
    internal sealed class LabelApiClient : IDisposable
    {
        private const int PageSize = 500;

        private readonly HttpClient _http;

        private readonly string _labelsUrl;

        internal LabelApiClient(LabelFeedOptions options)
        {
            _http = options.HttpHandler != null ? new HttpClient(options.HttpHandler, false) : new HttpClient();
            _http.Timeout = options.HttpTimeout;
            _labelsUrl = options.LabelApiUrl.ToString().TrimEnd('/') + "/api/labels?cameraId="
                + Uri.EscapeDataString(options.CameraId) + "&size=" + PageSize + "&page=";
        }

        internal async Task<List<Label>> LoadAsync(string token, CancellationToken cancellation)
        {
            // Labels are paged in creation order; a delete between two pages would shift a
            // label out of sight, so a load whose total moved is done again.
            for (int attempt = 1; ; attempt++)
            {
                var labels = await LoadOnceAsync(token, cancellation).ConfigureAwait(false);
                if (labels != null)
                {
                    return labels;
                }
                if (attempt == 3)
                {
                    throw new LabelApiException("the camera's labels kept changing while they were loaded");
                }
            }
        }

        private async Task<List<Label>> LoadOnceAsync(string token, CancellationToken cancellation)
        {
            var labels = new List<Label>();
            long? total = null;
            for (int page = 0; ; page++)
            {
                var json = await GetAsync(_labelsUrl + page.ToString(CultureInfo.InvariantCulture), token, cancellation).ConfigureAwait(false);
                var pageTotal = (long?)json["totalElements"];
                if (total != null && pageTotal != total)
                {
                    return null;
                }
                total = pageTotal;
                foreach (var item in (json["content"] as JArray) ?? new JArray())
                {
                    labels.Add(new Label((JObject)item));
                }
                if (page + 1 >= ((int?)json["totalPages"] ?? 0))
                {
                    return labels.Count == total ? labels : null;
                }
            }
        }

        private async Task<JObject> GetAsync(string url, string token, CancellationToken cancellation)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Get, url))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using (var response = await _http.SendAsync(request, cancellation).ConfigureAwait(false))
                {
                    var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new LabelApiException("label-api answered " + (int)response.StatusCode + " to GET "
                            + request.RequestUri.AbsolutePath + ": " + Detail(body));
                    }
                    return Json.Parse(body);
                }
            }
        }

        private static string Detail(string body)
        {
            try
            {
                var problem = Json.Parse(body);
                return (string)problem["detail"] ?? (string)problem["title"] ?? body;
            }
            catch (JsonException)
            {
                return body.Length > 200 ? body.Substring(0, 200) : body;
            }
        }

        public void Dispose()
        {
            _http.Dispose();
        }
    }

    /// <summary>label-api did not give the labels.</summary>
    public sealed class LabelApiException : Exception
    {
        internal LabelApiException(string message) : base(message)
        {
        }
    }

    /// <summary>JSON as the contract has it: timestamps stay strings.</summary>
    internal static class Json
    {
        private static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.None,
            MaxDepth = 64,
        };

        internal static JObject Parse(string text)
        {
            var value = JsonConvert.DeserializeObject<JToken>(text, Settings) as JObject;
            if (value == null)
            {
                throw new JsonReaderException("not a JSON object");
            }
            return value;
        }

        internal static string Write(JObject value)
        {
            return value.ToString(Formatting.None);
        }
    }
}
