using ActorSweep.Cluster.Artifacts;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Artifacts;

/// <summary>A worker fetches the artifacts of every parent of a task (of any trial) and of its trial's root.</summary>
public class ArtifactInputsTests
{
    [Test]
    public void InputsOf_ATaskOfTheDag_AreEveryParentInOrderThenTheRoot_EachOnce()
    {
        var h = Hparams.From(new KeyValuePair<string, object>[] { new(HparamKeys.Dataset, "synthetic"), new(HparamKeys.Model, "lenet-16-8") });
        var task = new TaskSpec("t", "tr", "s", "combine", Branches.Main, 1, 1, new[] { "p-other-trial", "p-own", "root" }, "root", h);
        Assert.That(ArtifactClient.InputsOf(task), Is.EqualTo(new[] { "p-other-trial", "p-own", "root" }));
        var root = task with { TaskId = "root", ParentTaskIds = Array.Empty<string>(), RootTaskId = null };
        Assert.That(ArtifactClient.InputsOf(root), Is.Empty);
    }
}
