using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Results;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Tests.Store;

/// <summary>
/// A cluster upgraded node by node must never mix results: a real worker process joining a coordinator of a build with
/// another results version is refused, prints one line naming both versions, exits 2, and trains nothing.
/// </summary>
[NonParallelizable]
public class ResultsVersionRefusalTests
{
    [Test]
    public async Task WorkerOfAnotherResultsVersion_PrintsOneLineNamingBoth_AndExitsTwo_WithoutTrainingAnything()
    {
        var graph = TaskGraph.Build(new StudyLoader(StudyCatalog.Any).LoadText("""
            name = mixed
            dataset = synthetic
            model = lenet-16-8
            seeds = [1]
            training { iterations = 20 }
            methods = [ { name = dense } ]
            """, "mixed.hocon"));
        var rows = new NoRows();
        var port = CliProcesses.FreePort();
        var newer = ResultsVersion.Current + 1;
        await using var coordinator = SweepNode.Start(new NodeOptions("127.0.0.1", port, Array.Empty<string>()), new CoordinatorRole(graph, rows) { ResultsVersion = newer },
            null, TimeProvider.System);
        var cache = Directory.CreateTempSubdirectory("actorsweep-refused-worker").FullName;
        var (exit, output, errors) = await CliProcess.RunAsync(new[] { "worker", "--seed", $"127.0.0.1:{port}", "--cache", cache, "--slots", "1" },
            timeout: TimeSpan.FromMinutes(2));
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput), output + errors);
        var line = errors.Split('\n').Single(l => l.Contains("refused"));
        Assert.That(line, Does.Contain($"computes results version {ResultsVersion.Current}").And.Contain($"this coordinator results version {newer}"));
        Assert.That(rows.Written, Is.Zero, "no task was leased to it");
        var status = await coordinator.StatusAsync(TimeSpan.FromSeconds(5));
        Assert.That(status.Counts[Core.Coordination.TaskPhase.Pending], Is.EqualTo(graph.Tasks.Count));
    }

    private sealed class NoRows : IResultStore
    {
        public int Written;

        public void Write(IReadOnlyList<TaskRecord> records) => Interlocked.Add(ref Written, records.Count);

        public void WriteFaults(IReadOnlyList<NodeFaultRecord> faults) { }

        public IReadOnlyDictionary<string, string> ExistingRows() => new Dictionary<string, string>();
    }
}
