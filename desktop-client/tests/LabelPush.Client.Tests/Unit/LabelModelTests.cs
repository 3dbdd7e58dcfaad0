using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace LabelPush.Client.UnitTests
{
    [TestFixture]
    public class LabelModelTests
    {
        private readonly LabelStore _store = new LabelStore();

        private readonly List<LabelsChangedEventArgs> _raised = new List<LabelsChangedEventArgs>();

        private LabelModel _model;

        [SetUp]
        public void NewModel()
        {
            _raised.Clear();
            _model = new LabelModel(_store, new EventSink(null), _raised.Add);
            _model.Reload(new Label[0], -1);
        }

        [Test]
        public void AppliesEachSeqOnceAndInOrder()
        {
            Assert.That(_model.Apply(Event("label.created", 1, "a", 1, 10)), Is.EqualTo(LabelModel.Applied.Applied));
            Assert.That(_model.Apply(Event("label.updated", 2, "a", 2, 20)), Is.EqualTo(LabelModel.Applied.Applied));
            Assert.That(_model.Apply(Event("label.updated", 2, "a", 2, 20)), Is.EqualTo(LabelModel.Applied.Duplicate));
            Assert.That(_model.Apply(Event("label.created", 1, "a", 1, 10)), Is.EqualTo(LabelModel.Applied.Duplicate));

            Assert.That(_model.LastSeq, Is.EqualTo(2));
            Assert.That(_store.Single().X, Is.EqualTo(20));
            Assert.That(_raised.Skip(1).Select(e => e.Seq), Is.EqualTo(new long?[] { 1, 2 }));
        }

        [Test]
        public void ReportsAGapInsteadOfApplyingPastIt()
        {
            _model.Apply(Event("label.created", 1, "a", 1, 10));

            Assert.That(_model.Apply(Event("label.created", 3, "b", 1, 10)), Is.EqualTo(LabelModel.Applied.Gap));
            Assert.That(_model.LastSeq, Is.EqualTo(1));
            Assert.That(_store.Select(l => l.Id), Is.EqualTo(new[] { "a" }));
        }

        [Test]
        public void StartsAfterTheSeqALoadHolds()
        {
            _model.Reload(new[] { new Label(LabelJson("a", 3, 30)) }, 7);

            Assert.That(_model.Apply(Event("label.updated", 7, "a", 3, 30)), Is.EqualTo(LabelModel.Applied.Duplicate));
            Assert.That(_model.Apply(Event("label.deleted", 8, "a", 3, 30)), Is.EqualTo(LabelModel.Applied.Applied));
            Assert.That(_store, Is.Empty);
        }

        [Test]
        public void KeepsTheNewerStateWhenALoadWithoutSeqMeetsAnOlderEvent()
        {
            _model.Reload(new[] { new Label(LabelJson("a", 3, 30)) }, -1);

            _model.Apply(Event("label.updated", 12, "a", 2, 20));

            Assert.That(_store.Single().Version, Is.EqualTo(3));
            Assert.That(_model.LastSeq, Is.EqualTo(12));
        }

        private static JObject Event(string type, long seq, string id, long version, int x)
        {
            return new JObject { { "type", type }, { "cameraId", "cam-7" }, { "seq", seq }, { "label", LabelJson(id, version, x) } };
        }

        private static JObject LabelJson(string id, long version, int x)
        {
            return new JObject { { "id", id }, { "cameraId", "cam-7" }, { "name", id }, { "x", x }, { "y", 0 }, { "version", version } };
        }
    }
}
