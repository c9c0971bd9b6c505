using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Results.Tests.Parquet;

/// <summary>A completed, a failed and a skipped task of one lineage, and fresh study folders.</summary>
internal static class TestRecords
{
    public static readonly DateTime Start = new(2026, 11, 22, 10, 0, 0, 123, DateTimeKind.Utc);

    public static TaskSpec Spec(string id, string? parent = null, int round = 0) =>
        new(id, "trial1", "study-x", "imp", Branches.Main, round, 7, TaskSpec.ParentsOf(parent), parent is null ? null : "aaaa",
            Hparams.From(new KeyValuePair<string, object>[]
            {
                new(HparamKeys.Dataset, "mnist"), new(HparamKeys.Model, "lenet-300-100"), new(HparamKeys.LearningRate, 0.0012),
                new(HparamKeys.Seed, 7L), new(HparamKeys.LrMilestones, new long[] { 100, 200 }), new(HparamKeys.Nesterov, true),
            }));

    public static TaskRecord Completed(string id = "aaaa") =>
        new(Spec(id), TaskStatuses.Completed, null, 1, "akka.tcp://actorsweep@127.0.0.1:1", Start, Start.AddSeconds(90.5),
            new TaskResult(0.8, 266_610, 213_570, 3000, 0.981, 0.979, 0.995, 5000, 90.25, "cpu", new[]
            {
                new CurvePoint(0, double.NaN, 2.31, 0.1, 0.098),
                new CurvePoint(500, 0.4, 0.2, 0.95, 0.951),
                new CurvePoint(1000, 0.1, 0.09, 0.975, 0.974),
            }));

    public static TaskRecord Failed(string id = "bbbb") =>
        new(Spec(id, "aaaa", 1), TaskStatuses.Failed, "training loss is NaN at iteration 3", 3, "akka.tcp://actorsweep@127.0.0.1:2", Start, Start.AddSeconds(2), null);

    public static TaskRecord Skipped(string id = "cccc") =>
        new(Spec(id, "bbbb", 2), TaskStatuses.Skipped, "not run: task bbbb failed", 0, "", Start.AddSeconds(2), Start.AddSeconds(2), null);

    /// <summary>Completed with curves, failed with null metrics, skipped — in that order.</summary>
    public static IReadOnlyList<TaskRecord> Mixed() => new[] { Completed(), Failed(), Skipped() };

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Created = new();

    /// <summary>A fresh, empty study folder, deleted after the run by <see cref="DeleteAll"/>.</summary>
    public static StudyLayout NewLayout()
    {
        var root = Directory.CreateTempSubdirectory("actorsweep-results-").FullName;
        Created.Add(root);
        return new StudyLayout(root);
    }

    public static void DeleteAll()
    {
        foreach (var root in Created) if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    public static string[] Names(string dir) => Directory.GetFiles(dir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();
}
