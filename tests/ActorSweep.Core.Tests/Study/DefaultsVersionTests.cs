using ActorSweep.Core.Methods.Imp;
using ActorSweep.Core.Methods.Rigl;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Study;

/// <summary>
/// Defaults that change results never mix within a study: a study reads its file under the defaults version it
/// started with, its tasks carry that version, and a key left out means that version's default.
/// </summary>
public class DefaultsVersionTests
{
    private const string Text = """
        name = v
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training.iterations = 100
        methods = [ { name = imp, rounds = 1, strategy = global, exclude-output = false }, { name = rigl, sparsity = 0.9 } ]
        """;

    private static StudySpec Load(int version) => new StudyLoader(StudyLoaderTests.Catalog) { DefaultsVersion = version }.LoadText(Text, "v.hocon");

    [Test]
    public void KeysLeftOut_MeanTheStudysVersionsDefaults()
    {
        var empty = Hparams.Empty.With(HparamKeys.Sparsity, 0.9);
        Assert.That(TrainingHparams.From(Hparams.Empty, DefaultsVersion.Release1).NormalizeInputs, Is.False);
        Assert.That(TrainingHparams.From(Hparams.Empty, DefaultsVersion.Release2).NormalizeInputs, Is.True);
        Assert.That(new ImpMethod().Bind(Hparams.Empty, DefaultsVersion.Release1).Pruning.ExcludeOutput, Is.False);
        Assert.That(new ImpMethod().Bind(Hparams.Empty, DefaultsVersion.Release2).Pruning.ExcludeOutput, Is.Null, "the model decides");
        Assert.That(new RiglMethod().Bind(empty, DefaultsVersion.Release1).PruneFirstLayer, Is.True);
        Assert.That(new RiglMethod().Bind(empty, DefaultsVersion.Release2).PruneFirstLayer, Is.Null, "the model decides");
        Assert.That(DefaultsVersion.ReinitStartsAtRewind(DefaultsVersion.Release1), Is.False);
        Assert.That(DefaultsVersion.ReinitStartsAtRewind(DefaultsVersion.Release2), Is.True);
    }

    [Test]
    public void AValueWrittenAtItsVersionsDefault_IsLeftOutOfTheIdOfThatVersionOnly()
    {
        var v1 = TaskGraph.Build(Load(DefaultsVersion.Release1));
        var v2 = TaskGraph.Build(Load(DefaultsVersion.Release2));
        var imp1 = v1.Trials.Single(t => t.Method == "imp");
        var imp2 = v2.Trials.Single(t => t.Method == "imp");
        Assert.That(imp1.Hparams.Contains(HparamKeys.GlobalExcludeOutput), Is.False, "false was release 1's default");
        Assert.That(imp2.Hparams.Get(HparamKeys.GlobalExcludeOutput), Is.EqualTo(false), "in release 2 it overrides the model's choice, so it is part of the trial");
        Assert.That(v1.Trials.Single(t => t.Method == "rigl").TrialId, Is.EqualTo(v2.Trials.Single(t => t.Method == "rigl").TrialId),
            "a trial that sets none of the changed keys keeps its id across versions");
        Assert.That(v1.Tasks.Select(t => t.DefaultsVersion), Is.All.EqualTo(DefaultsVersion.Release1));
        Assert.That(v2.Tasks.Select(t => t.DefaultsVersion), Is.All.EqualTo(DefaultsVersion.Release2));
    }

    [Test]
    public void AnUnknownVersion_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingHparams.From(Hparams.Empty, 99));
}
