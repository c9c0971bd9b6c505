using System.Text.Json;
using System.Text.Json.Nodes;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Store;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Store;

/// <summary>
/// The task store on its own: what goes in comes back bit for bit (result and artifacts), every read is verified, an entry
/// that fails a check is refused with the reason, and two writers of the same task end with one valid entry.
/// </summary>
public class TaskStoreTests
{
    private static readonly TaskSpec Spec = Studies.Imp(seeds: 1, rounds: 1).Tasks.Last();

    private static TaskRecord Trained() => new(Spec, TaskStatuses.Completed, null, 2, "akka.tcp://actorsweep@127.0.0.1:1",
        new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 7, 10, 1, 0, DateTimeKind.Utc),
        new TaskResult(0.8, 100, 80, 5, 0.9, 0.91 + 1e-17, 0.95, 10, 1.5, "cpu", new[] { new CurvePoint(0, double.NaN, 2.3, 0.1, 0.1), new CurvePoint(10, 0.2, 0.3, 0.9, 1 / 3.0) })
        {
            FlopsDense = 100, FlopsSparse = 80, Instability = 0.05,
            Measurements = Measurements.Of(("ticket_drawn_at", 600), ("training_saved", 1 / 3.0)),
            Layers = new[] { new LayerStat("layers.0.weight", "fc", 90, 72, 90) },
            Interpolation = new[] { new InterpolationPoint(0, 0.3, 0.9, 0.2, 0.95), new InterpolationPoint(1, 0.31, 0.89, 0.21, 0.94) },
            Robustness = new[] { new RobustnessPoint(RobustnessPoint.EarlyStop, RobustnessPoint.Corruption, "stripe", 0, null, null, 10000, 0.2763), new RobustnessPoint(RobustnessPoint.Final, RobustnessPoint.Attack, "pgd", 0, 0.1, 20, 2000, 1 / 3.0) },
            Combination = new CombinationResult("ensemble", 2, 2, 0.93, 0.2, 0.9, 0.91, 0.25, 0.05, double.NaN) { MaskOverlap = 0.5 },
        });

    private static (TaskStore Store, string Trained, string Reused) Folders()
    {
        var root = Directory.CreateTempSubdirectory("actorsweep-store").FullName;
        var trained = Path.Combine(root, "a", "artifacts", Spec.TaskId);
        Directory.CreateDirectory(trained);
        File.WriteAllBytes(Path.Combine(trained, "final.pt"), Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllBytes(Path.Combine(trained, "mask.pt"), Enumerable.Range(0, 5_000).Select(i => (byte)(i % 3)).ToArray());
        return (new TaskStore(Path.Combine(root, "store")), trained, Path.Combine(root, "b", "artifacts", Spec.TaskId));
    }

    private static string Json(TaskResult r) => JsonSerializer.Serialize(r, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    [Test]
    public void PutThenReuse_GivesTheSameResultBitForBit_AndTheSameArtifacts_WithWhereItWasTrained()
    {
        var (store, trained, reused) = Folders();
        var record = Trained();
        store.Put(record, trained, "a @ /runs/a");

        var lookup = store.Reuse(Spec, reused);
        Assert.That(lookup.Outcome, Is.EqualTo(StoreLookupOutcome.Reused), lookup.Problem);
        var row = lookup.Record!;
        Assert.That(Json(row.Result!), Is.EqualTo(Json(record.Result!)), "every figure, curve point, layer and combination metric bit for bit");
        Assert.That(row.Result!.Measurements, Is.EqualTo(record.Result!.Measurements));
        Assert.That(row.Result.Robustness, Is.EqualTo(record.Result.Robustness), "a reused task brings its robustness rows");
        Assert.That((row.ReusedFrom, row.Node, row.StartedAt, row.FinishedAt, row.Spec), Is.EqualTo(("a @ /runs/a", record.Node, record.StartedAt, record.FinishedAt, Spec)));
        foreach (var name in new[] { "final.pt", "mask.pt" })
            Assert.That(File.ReadAllBytes(Path.Combine(reused, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(trained, name))), name);
        Assert.That(ArtifactFiles.ReadManifest(reused)!.Select(e => e.Name), Is.EquivalentTo(new[] { "final.pt", "mask.pt" }), "the hub serves them to other nodes as they are");
        Assert.That(Directory.GetFiles(store.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void Reuse_WithoutAnEntry_IsMissing()
    {
        var (store, _, reused) = Folders();
        Assert.That(store.Reuse(Spec, reused), Is.SameAs(StoreLookup.Missing));
        Assert.That(store.Contains(Spec), Is.False);
    }

    [Test]
    public void Reuse_OfAnEntryWhoseArtifactIsCorrupt_IsRefusedNamingTheFile_AndCopiesNothingBad()
    {
        var (store, trained, reused) = Folders();
        store.Put(Trained(), trained, "a");
        var blob = Directory.GetFiles(Path.Combine(store.Root, "blobs"), "*", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).First();
        using (var f = new FileStream(blob, FileMode.Open, FileAccess.Write)) { f.Position = 20_000; f.Write(new byte[20_000]); }

        var lookup = store.Reuse(Spec, reused);
        Assert.That(lookup.Outcome, Is.EqualTo(StoreLookupOutcome.Unusable));
        Assert.That(lookup.Problem, Does.Contain("final.pt").And.Contain("checksum"));
        Assert.That(File.Exists(Path.Combine(reused, "final.pt")), Is.False, "a corrupt copy never lands in the study folder");
    }

    [Test]
    public void Reuse_OfAnEntryFromAnotherResultsVersion_IsNeverUsed()
    {
        var (store, trained, reused) = Folders();
        store.Put(Trained(), trained, "a");
        var path = store.EntryPath(TaskStore.KeyOf(Spec));
        var entry = JsonNode.Parse(File.ReadAllText(path))!;
        entry["ResultsVersion"] = ResultsVersion.Current + 1;
        File.WriteAllText(path, entry.ToJsonString());

        var lookup = store.Reuse(Spec, reused);
        Assert.That(lookup.Outcome, Is.EqualTo(StoreLookupOutcome.Unusable));
        Assert.That(lookup.Problem, Does.Contain($"results version {ResultsVersion.Current + 1}"));
        Assert.That(TaskStore.KeyOf(Spec, ResultsVersion.Current + 1), Is.Not.EqualTo(TaskStore.KeyOf(Spec)), "and another build looks under another key");
    }

    [Test]
    public void Reuse_OfAnEntryWhoseRowWasChangedOrCutShort_IsRefused()
    {
        var (store, trained, reused) = Folders();
        store.Put(Trained(), trained, "a");
        var path = store.EntryPath(TaskStore.KeyOf(Spec));
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("0.95", "0.96"));
        Assert.That(store.Reuse(Spec, reused).Problem, Does.Contain("fails its checksum"), "a changed figure");
        File.WriteAllText(path, text[..(text.Length / 2)]);
        Assert.That(store.Reuse(Spec, reused).Problem, Does.Contain("cannot be read"), "a truncated entry");

        store.Put(Trained(), trained, "a");
        Assert.That(store.Reuse(Spec, reused).Outcome, Is.EqualTo(StoreLookupOutcome.Reused), "storing the task again replaces an unreadable entry");
    }

    [Test]
    public void TwoStudiesStoringTheSameTaskAtOnce_EndWithOneValidEntry()
    {
        var (store, trained, reused) = Folders();
        Parallel.For(0, 8, i => store.Put(Trained(), trained, $"study-{i}"));
        Assert.That(Directory.GetFiles(Path.Combine(store.Root, "tasks"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        Assert.That(Directory.GetFiles(store.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary left behind");
        var lookup = store.Reuse(Spec, reused);
        Assert.That(lookup.Outcome, Is.EqualTo(StoreLookupOutcome.Reused), lookup.Problem);
        Assert.That(lookup.Record!.ReusedFrom, Does.StartWith("study-"));
    }

    [Test]
    public void Reuse_OfAnEntryNamingAPathInsteadOfABlob_IsRefused()
    {
        var (store, trained, reused) = Folders();
        store.Put(Trained(), trained, "a");
        var path = store.EntryPath(TaskStore.KeyOf(Spec));
        var entry = JsonNode.Parse(File.ReadAllText(path))!;
        entry["Artifacts"]![0]!["Sha256"] = "../../../../etc/passwd";
        File.WriteAllText(path, entry.ToJsonString());
        Assert.That(store.Reuse(Spec, reused).Outcome, Is.EqualTo(StoreLookupOutcome.Unusable));
    }

    [Test]
    public void Put_RefusesWhatIsNotATrainedCompletedTask()
    {
        var (store, trained, _) = Folders();
        Assert.Throws<ArgumentException>(() => store.Put(Trained() with { Status = TaskStatuses.Failed, Result = null }, trained, "a"));
        Assert.Throws<ArgumentException>(() => store.Put(Trained() with { ReusedFrom = "x" }, trained, "a"));
    }
}
