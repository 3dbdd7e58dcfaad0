using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Newtonsoft.Json.Linq;

namespace LabelPush.Client
{
    /// <summary>
    /// The feed's own copy of the camera's labels and the last seq applied, changed by its
    /// connection loop only; every change is mirrored into the <see cref="LabelStore"/> on the
    /// app's context, in order.
    /// </summary>
    internal sealed class LabelModel
    {
        private readonly Dictionary<string, Label> _labels = new Dictionary<string, Label>();

        private readonly LabelStore _store;

        private readonly EventSink _sink;

        private readonly Action<LabelsChangedEventArgs> _changed;

        private long _lastSeq = -1;

        internal LabelModel(LabelStore store, EventSink sink, Action<LabelsChangedEventArgs> changed)
        {
            _store = store;
            _sink = sink;
            _changed = changed;
        }

        /// <summary>The seq of the last event the labels hold, or -1 when not known (nothing to resume from).</summary>
        internal long LastSeq
        {
            get { return Interlocked.Read(ref _lastSeq); }
        }

        /// <summary>Applies one event frame, unless the labels already hold it.</summary>
        internal Applied Apply(JObject frame)
        {
            var seq = (long?)frame["seq"];
            var json = frame["label"] as JObject;
            if (seq == null || json == null)
            {
                throw new FormatException("an event without seq or label: " + Json.Write(frame));
            }
            long last = LastSeq;
            if (seq <= last)
            {
                return Applied.Duplicate;
            }
            if (last >= 0 && seq > last + 1)
            {
                return Applied.Gap;
            }
            var label = new Label(json);
            var change = Change((string)frame["type"]);
            Label known;
            _labels.TryGetValue(label.Id, out known);
            Interlocked.Exchange(ref _lastSeq, seq.Value);
            if (change == LabelChange.Deleted)
            {
                _labels.Remove(label.Id);
                Mirror(store => store.Remove(label.Id), new LabelsChangedEventArgs(change, label, seq));
            }
            else if (known == null || label.Version >= known.Version)
            {
                // An event older than the label held comes only right after a reload
                // that already had it: the newer state stays.
                _labels[label.Id] = label;
                Mirror(store => store.Upsert(label), new LabelsChangedEventArgs(change, label, seq));
            }
            return Applied.Applied;
        }

        /// <summary>Replaces every label with a fresh load that holds the events up to lastSeq (-1: not known).</summary>
        internal void Reload(IList<Label> labels, long lastSeq)
        {
            _labels.Clear();
            foreach (var label in labels)
            {
                _labels[label.Id] = label;
            }
            Interlocked.Exchange(ref _lastSeq, lastSeq);
            var copy = labels.ToList();
            Mirror(store => store.ReplaceAll(copy), new LabelsChangedEventArgs(LabelChange.Reloaded, null, null));
        }

        /// <summary>The labels no longer match a known seq (a resync is under way): the next connection starts afresh unless an event comes first.</summary>
        internal void ForgetSeq()
        {
            Interlocked.Exchange(ref _lastSeq, -1);
        }

        private void Mirror(Action<LabelStore> change, LabelsChangedEventArgs args)
        {
            _sink.Post(() =>
            {
                change(_store);
                _changed(args);
            });
        }

        private static LabelChange Change(string type)
        {
            switch (type)
            {
                case "label.created":
                    return LabelChange.Created;
                case "label.updated":
                    return LabelChange.Updated;
                case "label.deleted":
                    return LabelChange.Deleted;
                default:
                    throw new FormatException("not an event type: " + type);
            }
        }

        internal enum Applied
        {
            Applied,
            Duplicate,
            Gap,
        }
    }
}
