using ActorSweep.Cli.Commands;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// Every method that combines networks of several tasks (FreeTickets ensembles, COLT's parts, soups of fine-tuned
/// ingredients, Elastic tickets of another trial), run by a coordinator and two worker processes that get every input
/// through the artifact hub (no shared folder). A task reads only tasks it depends on in the graph, so nothing is ever
/// fetched before it exists: no node fault, no node out of service, every task once.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public class CombiningAcrossWorkersTests
{
    private CliProcesses _processes = null!;

    [SetUp]
    public void Start() => _processes = new CliProcesses();

    [TearDown]
    public void Stop() => _processes.Dispose();

    [Test]
    public async Task EveryCombiningMethod_OnTwoWorkerProcesses_RunsWithoutANodeFault()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-combine").FullName;
        var study = Path.Combine(dir, "combine.hocon");
        File.WriteAllText(study, """
            name = combine
            dataset = synthetic
            model = lenet-16-16
            seeds = [1, 2]
            training { iterations = 200, eval-every = 50, batch-size = 32, validation-size = 200 }
            methods = [
              { name = dense }
              { name = imp, rounds = 2 }
              { name = dst-ensemble, members = 4, sparsity = 0.8, update-every = 50 }
              { name = colt, parts = 2, rounds = 2 }
              { name = soup, source-method = dense, finetune-lrs = [1e-3, 1e-4], finetune-seeds = [1] }
              { name = elastic, model = lenet-16-16-16-16, source-model = lenet-16-16, source-rounds = [1, 2] }
            ]
            """);
        var layout = StudyLayout.For(Path.Combine(dir, "out"), "combine");
        Assert.That(ValidateCommand.TryLoad(study, TextWriter.Null, out var spec), Is.True);
        var graph = TaskGraph.Build(spec);

        var port = CliProcesses.FreePort();
        var coordinator = _processes.Start("coordinator", study, "--out", Path.Combine(dir, "out"), "--port", $"{port}", "--plain");
        await CliProcesses.WaitForPort(port, coordinator);
        var workers = new[] { "w1", "w2" }.Select(w => _processes.Start("worker", "--seed", $"127.0.0.1:{port}", "--cache", Path.Combine(dir, $"cache-{w}"), "--slots", "1")).ToList();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6)))
            await coordinator.WaitForExitAsync(timeout.Token);
        foreach (var w in workers) await w.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var printed = string.Join("\n", workers.Prepend(coordinator).Select(_processes.OutputOf));
        Assert.That(coordinator.ExitCode, Is.EqualTo(0), printed);
        Assert.That(printed, Does.Not.Contain("fault").IgnoreCase.And.Not.Contain("out of service"));
        var journal = await JournalStatus.ReadAsync(graph, layout.JournalFile);
        Assert.That(journal.NodeFaults, Is.Empty, "no node was charged a fault");
        Assert.That(journal.ExcludedNodes, Is.Empty, "no node was taken out of service");
        Assert.That(journal.Tasks.Values.Select(t => t.Phase), Is.All.EqualTo(TaskPhase.Completed));
        Assert.That(ResultReader.ReadFaults(layout), Is.Empty);
        var rows = ResultReader.ReadTrials(layout);
        Assert.That(rows.Select(r => r.TaskId), Is.EquivalentTo(graph.Tasks.Select(t => t.TaskId)), "every task once");
        Assert.That(rows.Select(r => r.Node).Distinct().Count(), Is.EqualTo(2), "both workers trained");
        Assert.That(workers.Select(w => w.ExitCode), Is.All.EqualTo(0), "the workers left when the study ended");
    }
}
