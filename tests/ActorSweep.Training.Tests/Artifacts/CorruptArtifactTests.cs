using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Tests.Artifacts;

/// <summary>
/// A parent's artifact that changed on disk after it was written (issue 29's report: 20 KB of round 1's final.pt
/// overwritten before a resume, and rounds 2–4 trained from another mask with no trace) stops the task that reads it,
/// naming the file, at once and for good — never a silently different result.
/// </summary>
[NonParallelizable]
public class CorruptArtifactTests
{
    [Test]
    public void APruningRound_WhoseParentsFinalWeightsChanged_FailsAtOnceNamingTheFile()
    {
        var catalog = new StudyCatalog(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, "models");
        var graph = TaskGraph.Build(new StudyLoader(catalog).LoadText("""
            name = c
            dataset = synthetic
            model = lenet-16-8
            seeds = [1]
            training { iterations = 40, eval-every = 20, batch-size = 32, validation-size = 400 }
            methods = [ { name = imp, rounds = 1 } ]
            """));
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-corrupt").FullName);
        var runner = new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load));
        var dense = graph.Tasks.Single(t => t.Round == 0);
        runner.Run(dense, _ => { }, CancellationToken.None);

        var final = layout.Artifact(dense.TaskId, ArtifactNames.Final);
        var bytes = File.ReadAllBytes(final);
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 256; i++) bytes[i] = 0;   // a block of the file overwritten
        File.WriteAllBytes(final, bytes);

        var round1 = graph.Tasks.Single(t => t.Round == 1);
        var e = Assert.Throws<DeterministicTaskFailure>(() => runner.Run(round1, _ => { }, CancellationToken.None))!;
        Assert.That(e.Message, Does.Contain(final).And.Contain("changed after it was written"), "deterministic: a retry reads the same bytes");
        Assert.That(File.Exists(layout.Artifact(round1.TaskId, ArtifactNames.Final)), Is.False, "nothing trained from it");
    }
}
