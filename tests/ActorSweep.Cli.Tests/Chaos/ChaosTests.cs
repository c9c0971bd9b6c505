using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorSweep.Cli.Commands;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;
using ParquetSharp;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// Real processes, real kills: a coordinator and two workers on loopback run a 102-task study with IMP
/// round dependencies and tasks with several parents (DST ensembles, COLT rounds), 20 of them reused from an earlier study through the task store;
/// one worker is SIGKILLed mid-study, then the coordinator; a new coordinator
/// resumes from the study folder with fresh workers. The workers share no folder with the coordinator:
/// round k−1's weights and masks reach them through the cluster, into caches of their own. Every
/// task must end with exactly one row, every Parquet file must read with ParquetSharp, the journal
/// must agree with the rows, and the study folder must hold every completed task's artifacts.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public class ChaosTests
{
    private CliProcesses _processes = null!;

    [SetUp]
    public void StartGroup() => _processes = new CliProcesses();

    [TearDown]
    public void StopWhatWeStarted() => _processes.Dispose();

    private Process Start(params string[] args) => _processes.Start(args);

    private static int FreePort() => CliProcesses.FreePort();

    private static Task WaitForPort(int port, Process owner) => CliProcesses.WaitForPort(port, owner);

    private static Task WaitForRows(StudyLayout layout, int rows, Process coordinator) => CliProcesses.WaitForRows(layout, rows, coordinator);

    [Test]
    public async Task KillWorkerThenCoordinator_Resume_EveryTaskHasExactlyOneRow()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-chaos").FullName;
        var study = Path.Combine(dir, "chaos.hocon");
        File.WriteAllText(study, """
            name = chaos
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2, 3, 4, 5, 6]
            training { iterations = 400, eval-every = 100, batch-size = 32, validation-size = 200 }
            methods = [
              { name = imp, rounds = 4, controls = [random-reinit] }, { name = dense }
              { name = dst-ensemble, members = 2, sparsity = 0.8, update-every = 100 }
              { name = colt, rounds = 1, full-head = false }
            ]
            """);
        // An earlier study shares the first two seeds' IMP and dense tasks: through the task store, the chaos study completes
        // those from it (reused), and the kills below may land while it is reusing.
        var store = Path.Combine(dir, "store");
        var earlier = Path.Combine(dir, "earlier.hocon");
        File.WriteAllText(earlier, """
            name = earlier
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2]
            training { iterations = 400, eval-every = 100, batch-size = 32, validation-size = 200 }
            methods = [ { name = imp, rounds = 4, controls = [random-reinit] }, { name = dense } ]
            """);
        var (ranEarlier, earlierOutput, earlierErrors) = await CliProcess.RunAsync(new[] { "run", earlier, "--out", Path.Combine(dir, "out-earlier"), "--slots", "2", "--plain", "--store", store });
        Assert.That(ranEarlier, Is.EqualTo(0), earlierOutput + earlierErrors);
        var reusable = RowDump.Of(StudyLayout.For(Path.Combine(dir, "out-earlier"), "earlier").TrialsDir, "task_id").Skip(1).ToList();
        Assert.That(reusable, Has.Count.EqualTo(2 * (1 + 4 + 4) + 2));

        var outDir = Path.Combine(dir, "out");
        var layout = StudyLayout.For(outDir, "chaos");
        // IMP lineages and dense runs; tasks with several parents: DST ensembles (2 members) and COLT's round 1 (both parts of round 0).
        const int multiParent = 6 * 1 + 6 * 2;
        const int tasks = 6 * (1 + 4 + 4) + 6 + 6 * 3 + 6 * 4;

        var port = FreePort();
        var coordinator = Start("coordinator", study, "--out", outDir, "--port", $"{port}", "--plain", "--store", store);
        await WaitForPort(port, coordinator);
        // No rejoin grace: this test is about a study whose every process died, resumed under a new coordinator elsewhere
        // (ClusterResilienceTests covers the workers that wait for their coordinator to come back).
        var w1 = Start("worker", "--seed", $"127.0.0.1:{port}", "--cache", Path.Combine(dir, "cache-w1"), "--slots", "1", "--rejoin-grace", "0");
        var w2 = Start("worker", "--seed", $"127.0.0.1:{port}", "--cache", Path.Combine(dir, "cache-w2"), "--slots", "1", "--rejoin-grace", "0");

        await WaitForRows(layout, 30, coordinator);
        w1.Kill(entireProcessTree: true);                     // SIGKILL a worker mid-study
        await WaitForRows(layout, 45, coordinator);
        coordinator.Kill(entireProcessTree: true);            // then the coordinator
        await coordinator.WaitForExitAsync();
        var before = ParquetResultStore.ReadTaskIds(layout).Count;
        Assert.That(before, Is.LessThan(tasks), "the coordinator died mid-study");
        await w2.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);   // the worker leaves once the coordinator is gone

        port = FreePort();
        var resumed = Start("coordinator", layout.Root, "--port", $"{port}", "--plain", "--store", store);
        await WaitForPort(port, resumed);
        Start("worker", "--seed", $"127.0.0.1:{port}", "--cache", Path.Combine(dir, "cache-w3"), "--slots", "1");
        Start("worker", "--seed", $"127.0.0.1:{port}", "--cache", Path.Combine(dir, "cache-w2"), "--slots", "1");   // a node that comes back keeps its cache
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await resumed.WaitForExitAsync(timeout.Token);
        Assert.That(resumed.ExitCode, Is.EqualTo(0), "the resumed coordinator reports every task completed (journal view)");

        var ids = new List<string>();
        foreach (var part in Directory.GetFiles(layout.TrialsDir, "*.parquet"))
        {
            using var file = new ParquetFileReader(part);
            var schema = file.FileMetaData.Schema;
            var col = Enumerable.Range(0, schema.NumColumns).Single(i => schema.Column(i).Name == "task_id");
            for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
            {
                using var group = file.RowGroup(g);
                ids.AddRange(group.Column(col).LogicalReader<string>().ReadAll((int)group.MetaData.NumRows));
            }
        }
        Assert.That(ids, Has.Count.EqualTo(tasks), "no task lost, none duplicated");
        Assert.That(ids.Distinct().Count(), Is.EqualTo(tasks));
        var reused = RowDump.Of(layout.TrialsDir, "task_id", "reused_from").Skip(1).Select(l => l.Split('\t')).Where(r => r[1] != "null").Select(r => r[0]).ToList();
        Assert.That(reused, Is.EquivalentTo(reusable), "every task the earlier study trained was reused, each exactly once; nothing else was");
        Assert.That(Directory.GetFiles(layout.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);

        // Every task with several parents ran once, after its parents, with their artifacts: one combinations row each.
        var combined = ResultReader.ReadCombinations(layout);
        Assert.That(combined.Select(r => r.TaskId).Distinct().Count(), Is.EqualTo(multiParent));
        Assert.That(combined, Has.Count.EqualTo(multiParent), "no combination row duplicated by the resume");
        Assert.That(combined.Where(r => r.Kind == "ensemble").Select(r => r.Members), Is.All.EqualTo(2));

        // The journal agrees with the rows: every task completed there, and nothing else.
        Assert.That(ValidateCommand.TryLoad(layout.StudyFile, TextWriter.Null, out var spec), Is.True);
        var graph = TaskGraph.Build(spec);
        var journal = await JournalStatus.ReadAsync(graph, layout.JournalFile);
        Assert.That(journal.Tasks.Values.Where(t => t.Phase == TaskPhase.Completed).Select(t => t.Spec.TaskId), Is.EquivalentTo(ids));

        // Artifacts came back through the cluster: each completed task's files are in the study folder
        // with a manifest whose hashes match (the coordinator ran no training itself).
        foreach (var task in graph.Tasks)
        {
            var manifest = ArtifactFiles.ReadManifest(layout.ArtifactDir(task.TaskId));
            Assert.That(manifest, Is.Not.Null.And.Not.Empty, $"artifacts of {task.TaskId}");
            foreach (var e in manifest!)
                Assert.That(ArtifactFiles.Sha256Of(Path.Combine(layout.ArtifactDir(task.TaskId), e.Name)), Is.EqualTo(e.Sha256));
        }
    }
}
