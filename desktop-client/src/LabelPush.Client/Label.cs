using System;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace LabelPush.Client
{
    /// <summary>
    /// One label as label-api stores it. Immutable: a change replaces the label in the
    /// <see cref="LabelStore"/>, so a WPF item template re-renders it.
    /// </summary>
    public sealed class Label
    {
        internal Label(JObject json)
        {
            Id = (string)json["id"];
            CameraId = (string)json["cameraId"];
            Name = (string)json["name"];
            ImageUrl = (string)json["imageUrl"];
            X = (int?)json["x"] ?? 0;
            Y = (int?)json["y"] ?? 0;
            Width = (int?)json["width"];
            Height = (int?)json["height"];
            Attributes = (json["attributes"] as JObject) ?? new JObject();
            Version = (long?)json["version"] ?? 0;
            CreatedAt = Timestamp(json["createdAt"]);
            UpdatedAt = Timestamp(json["updatedAt"]);
            if (string.IsNullOrEmpty(Id))
            {
                throw new FormatException("a label without an id: " + json.ToString(Newtonsoft.Json.Formatting.None));
            }
        }

        /// <summary>The label's id (a UUID).</summary>
        public string Id { get; private set; }

        /// <summary>The camera it belongs to.</summary>
        public string CameraId { get; private set; }

        /// <summary>Its name.</summary>
        public string Name { get; private set; }

        /// <summary>Its image, if any.</summary>
        public string ImageUrl { get; private set; }

        /// <summary>Its position on the camera view, in the camera's pixels.</summary>
        public int X { get; private set; }

        /// <summary>Its position on the camera view, in the camera's pixels.</summary>
        public int Y { get; private set; }

        /// <summary>Its width, if given.</summary>
        public int? Width { get; private set; }

        /// <summary>Its height, if given.</summary>
        public int? Height { get; private set; }

        /// <summary>Free attributes, as JSON.</summary>
        public JObject Attributes { get; private set; }

        /// <summary>Grows by one with every change.</summary>
        public long Version { get; private set; }

        /// <summary>When it was created, when label-api said.</summary>
        public DateTimeOffset? CreatedAt { get; private set; }

        /// <summary>When it last changed, when label-api said.</summary>
        public DateTimeOffset? UpdatedAt { get; private set; }

        /// <inheritdoc/>
        public override string ToString()
        {
            return Name + " (" + Id + ") at " + X + "," + Y + " v" + Version;
        }

        private static DateTimeOffset? Timestamp(JToken token)
        {
            var text = (string)token;
            DateTimeOffset value;
            return text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out value) ? value : (DateTimeOffset?)null;
        }
    }
}
