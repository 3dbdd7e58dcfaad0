using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.ComponentModel;

namespace LabelPush.Client
{
    /// <summary>
    /// The camera's labels, in creation order, as a collection a WPF <c>ItemsControl</c> binds to.
    /// Changed only on the feed's <see cref="System.Threading.SynchronizationContext"/> (the
    /// dispatcher in a WPF app), so bindings see every change on the UI thread.
    /// </summary>
    public sealed class LabelStore : ReadOnlyObservableCollection<Label>
    {
        private readonly Labels _labels;

        /// <summary>An empty store.</summary>
        public LabelStore() : this(new Labels())
        {
        }

        private LabelStore(Labels labels) : base(labels)
        {
            _labels = labels;
        }

        /// <summary>The label with this id, or null.</summary>
        public Label Find(string id)
        {
            int index = _labels.IndexOfId(id);
            return index < 0 ? null : _labels[index];
        }

        internal void Upsert(Label label)
        {
            int index = _labels.IndexOfId(label.Id);
            if (index < 0)
            {
                _labels.Add(label);
            }
            else
            {
                _labels[index] = label;
            }
        }

        internal void Remove(string id)
        {
            int index = _labels.IndexOfId(id);
            if (index >= 0)
            {
                _labels.RemoveAt(index);
            }
        }

        internal void ReplaceAll(IEnumerable<Label> labels)
        {
            _labels.ReplaceAll(labels);
        }

        // ObservableCollection with one Reset for a reload instead of one event per label.
        private sealed class Labels : ObservableCollection<Label>
        {
            internal int IndexOfId(string id)
            {
                for (int i = 0; i < Count; i++)
                {
                    if (Items[i].Id == id)
                    {
                        return i;
                    }
                }
                return -1;
            }

            internal void ReplaceAll(IEnumerable<Label> labels)
            {
                CheckReentrancy();
                Items.Clear();
                foreach (var label in labels)
                {
                    Items.Add(label);
                }
                OnPropertyChanged(new PropertyChangedEventArgs("Count"));
                OnPropertyChanged(new PropertyChangedEventArgs("Item[]"));
                OnCollectionChanged(new NotifyCollectionChangedEventArgs(NotifyCollectionChangedAction.Reset));
            }
        }
    }
}
