using ActorSweep.Results.Parquet;
using static ActorSweep.Results.Tests.Parquet.TestRecords;

namespace ActorSweep.Results.Tests.Parquet;

public class ParquetResultStoreTests
{
    [Test]
    public void Write_ThenExistingTaskIds_SeesTheBatchAndSoDoesAStoreOpenedLater()
    {
        var layout = NewLayout();
        var store = new ParquetResultStore(layout, "host-1");
        store.Write(Mixed());

        Assert.That(store.ExistingTaskIds(), Is.EquivalentTo(new[] { "aaaa", "bbbb", "cccc" }));
        Assert.That(new ParquetResultStore(layout, "host-2").ExistingTaskIds(), Is.EquivalentTo(new[] { "aaaa", "bbbb", "cccc" }));
        Assert.That(ParquetResultStore.ReadTaskIds(layout), Has.Count.EqualTo(3));
    }
}
