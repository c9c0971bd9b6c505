using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Study;

/// <summary>
/// Every study file shipped in <c>experiments/</c>, and release 1's fixture study, keeps every task id (and
/// parent, root, trial) that release 1 computed: <c>tests/Fixtures/Release1/task-ids.tsv</c> was written by that
/// release. A changed id would make a resumed study re-run from scratch. Never update the file; fix the change.
/// </summary>
public class ShippedStudiesTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorSweep.sln"))) return dir.FullName;
        throw new InvalidOperationException("ActorSweep.sln not found above the test directory");
    }

    private static readonly string[] Files =
    {
        "experiments/dst-vs-lth-lenet-fashion.hocon", "experiments/lmc-lenet-mnist.hocon", "experiments/lth-lenet-mnist.hocon",
        "experiments/quick.hocon", "tests/Fixtures/Release1/legacy.hocon",
    };

    [TestCaseSource(nameof(Files))]
    public void ShippedStudy_KeepsEveryTaskIdOfRelease1(string file)
    {
        var spec = new StudyLoader(StudyCatalog.Any).LoadFile(Path.Combine(RepoRoot(), file));
        var expected = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Release1", "task-ids.tsv"))
            .Select(l => l.Split('\t')).Where(f => f[0] == spec.Name)
            .Select(f => string.Join("\t", f.Skip(1))).ToList();
        Assert.That(expected, Is.Not.Empty, $"release 1 pinned no ids for study {spec.Name}");
        var actual = TaskGraph.Build(spec).Tasks
            .Select(t => $"{t.TaskId}\t{t.TrialId}\t{t.ParentTaskId ?? "-"}\t{t.RootTaskId ?? "-"}\t{t.Method}\t{t.Branch}\t{t.Round}\t{t.Seed}").ToList();
        Assert.That(actual, Is.EqualTo(expected), "same tasks, same ids, same order (the journal's fingerprint hashes the order)");
    }
}
