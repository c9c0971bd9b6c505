using Akka.Actor;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cluster.Tests.Artifacts;

/// <summary>
/// Artifacts move through the cluster: worker nodes with caches of their own (no shared folder)
/// fetch round k−1's weights from the coordinator's node and upload their own, in chunks, verified
/// by SHA-256.
/// </summary>
[NonParallelizable]
public class ArtifactTransferTests
{
    [Test]
    public async Task ImpLineages_AcrossTwoWorkerNodesWithoutASharedFolder_ReadTheirParentsBytes_AndTheStudyFolderHoldsEveryArtifact()
    {
        var graph = Studies.Imp(seeds: 3, rounds: 3, name: "transfer");
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-transfer").FullName);
        var store = new InMemoryResultStore();
        await using var coordinator = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, store, null, layout.ArtifactsDir), null, TimeProvider.System);
        var seeds = new[] { coordinator.Address };
        var caches = Enumerable.Range(0, 2).Select(i => new NodeArtifactCache(Directory.CreateTempSubdirectory($"actorsweep-cache{i}").FullName)).ToList();
        var clients = caches.Select(c => new ArtifactClient(c)).ToList();
        var runners = caches.Select(c => new ArtifactRunner(c)).ToList();
        runners[0].Gate.Reset();   // the first node's slot waits until the second node is up, so both train
        await using var w0 = SweepNode.Start(new NodeOptions(Seeds: seeds), null, new WorkerRole(_ => runners[0], new[] { "cpu" }, clients[0]), TimeProvider.System);
        await using var w1 = SweepNode.Start(new NodeOptions(Seeds: seeds), null, new WorkerRole(_ => runners[1], new[] { "cpu" }, clients[1]), TimeProvider.System);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (runners[1].Ran.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(20);
        runners[0].Gate.Set();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var status = await coordinator.WaitUntilDoneAsync(timeout.Token);

        Assert.That(status.Counts.GetValueOrDefault(TaskPhase.Completed), Is.EqualTo(graph.Tasks.Count), string.Join("; ", status.RecentFailures));
        Assert.That(runners.Sum(r => r.Ran.Count), Is.EqualTo(graph.Tasks.Count));
        Assert.That(runners.All(r => !r.Ran.IsEmpty), Is.True, "both nodes trained");
        foreach (var task in graph.Tasks)
        {
            var path = layout.Artifact(task.TaskId, "weights");
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(ArtifactRunner.ContentOf(task.TaskId)), $"{task.TaskId} in the study folder");
            var manifest = ArtifactFiles.ReadManifest(layout.ArtifactDir(task.TaskId))!;
            Assert.That(manifest.Single().Sha256, Is.EqualTo(ArtifactFiles.Sha256Of(path)));
        }
        Assert.That(clients.Sum(c => c.BytesFetched), Is.GreaterThan(0), "some inputs crossed nodes");
        Assert.That(Directory.Exists(Path.Combine(layout.ArtifactsDir, ".incoming")) && Directory.EnumerateFileSystemEntries(Path.Combine(layout.ArtifactsDir, ".incoming")).Any(), Is.False);
    }

    [Test]
    public async Task Fetch_OfABlobTheNodeHolds_TransfersNothing_AndACorruptedUploadIsRejected()
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-hub").FullName);
        using var system = ActorSystem.Create("hubtest");
        var hub = system.ActorOf(ArtifactHubActor.Props(layout.ArtifactsDir));
        var cache = new NodeArtifactCache(Directory.CreateTempSubdirectory("actorsweep-cache").FullName);
        var client = new ArtifactClient(cache, TimeSpan.FromSeconds(10));
        var root = Studies.Imp(seeds: 1, rounds: 1, name: "hub").Tasks.First(t => t.Round == 0);
        var child = Studies.Imp(seeds: 1, rounds: 1, name: "hub").Tasks.First(t => t.Round == 1);

        Directory.CreateDirectory(layout.ArtifactDir(root.TaskId));
        File.WriteAllBytes(layout.Artifact(root.TaskId, "weights"), ArtifactRunner.ContentOf(root.TaskId));   // written by a local slot: no manifest yet
        await client.FetchInputsAsync(child, hub, CancellationToken.None);
        var first = client.BytesFetched;
        Assert.That(first, Is.EqualTo(ArtifactRunner.ContentOf(root.TaskId).Length));
        Assert.That(File.ReadAllBytes(cache.LayoutOf("hub").Artifact(root.TaskId, "weights")), Is.EqualTo(ArtifactRunner.ContentOf(root.TaskId)));

        await client.FetchInputsAsync(child, hub, CancellationToken.None);
        Assert.That(client.BytesFetched, Is.EqualTo(first), "content-addressed: a blob the node holds is not fetched again");

        var entry = new ArtifactEntry("weights", new string('0', 64), 3);
        Assert.That(await hub.Ask<object>(new BeginUpload(child.TaskId, "u1", new[] { entry }), TimeSpan.FromSeconds(5)), Is.InstanceOf<UploadNeeds>());
        Assert.That(await hub.Ask<object>(new WriteChunk(child.TaskId, "u1", "weights", 0, new byte[] { 1, 2, 3 }), TimeSpan.FromSeconds(5)), Is.InstanceOf<ChunkWritten>());
        var answer = await hub.Ask<object>(new CommitUpload(child.TaskId, "u1", new[] { entry }), TimeSpan.FromSeconds(5));
        Assert.That(answer, Is.InstanceOf<ArtifactRequestFailed>());
        Assert.That(((ArtifactRequestFailed)answer).Reason, Does.Contain("SHA-256"));
        Assert.That(File.Exists(layout.Artifact(child.TaskId, "weights")), Is.False, "nothing unverified is published");

        var escape = await hub.Ask<object>(new GetManifest("../../etc"), TimeSpan.FromSeconds(5));
        Assert.That(escape, Is.InstanceOf<ArtifactRequestFailed>(), "task ids from other nodes cannot name paths");
    }

    [Test]
    public async Task Fetch_OfAnInputThatHasNotCompleted_FailsTheTaskAsASchedulingBug_NotAsTheNodesFault()
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-hub").FullName);
        using var system = ActorSystem.Create("hubtest");
        var hub = system.ActorOf(ArtifactHubActor.Props(layout.ArtifactsDir));
        var client = new ArtifactClient(new NodeArtifactCache(Directory.CreateTempSubdirectory("actorsweep-cache").FullName), TimeSpan.FromSeconds(10));
        var child = Studies.Imp(seeds: 1, rounds: 1, name: "hub").Tasks.First(t => t.Round == 1);

        var error = Assert.ThrowsAsync<MissingInputException>(() => client.FetchInputsAsync(child, hub, CancellationToken.None))!;
        Assert.That(error.Message, Does.Contain(child.ParentTaskId).And.Contain("scheduling bug"));
        Assert.That(ActorSweep.Cluster.Trainer.TrainerSlotActor.Classify(error), Is.EqualTo(ActorSweep.Core.Tasks.FailureKind.Deterministic));
        Assert.That(ActorSweep.Cluster.Trainer.TrainerSlotActor.Classify(new ArtifactTransferException("the hub did not answer")), Is.EqualTo(ActorSweep.Core.Tasks.FailureKind.Node));
    }
}
