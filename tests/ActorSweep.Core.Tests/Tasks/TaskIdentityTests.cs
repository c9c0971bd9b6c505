using System.Globalization;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Tasks;

public class TaskIdentityTests
{
    private static Hparams Trial() => Hparams.From(new KeyValuePair<string, object>[]
    {
        new(HparamKeys.Dataset, "mnist"), new(HparamKeys.Model, "lenet-300-100"), new(HparamKeys.Seed, 1L),
        new(HparamKeys.Method, "imp"), new(HparamKeys.Iterations, 3000L), new(HparamKeys.LearningRate, 0.002),
    });

    [Test]
    public void Ids_ArePinned_SoOldStudiesResumeAfterUpgrades()
    {
        // If this test fails, a change altered task identity: every existing study would re-run from
        // scratch on resume. Never update these values; fix the change instead.
        var trial = Trial();
        Assert.That(trial.ToCanonicalString(), Is.EqualTo(
            "dataset=mnist\nmethod.name=imp\nmodel=lenet-300-100\nseed=1\ntraining.iterations=3000\ntraining.lr=0.002\n"));
        var root = TaskIdentity.TaskId(trial, (string?)null, 0, Branches.Main);
        Assert.That(TaskIdentity.TrialId(trial), Is.EqualTo(PinnedTrial));
        Assert.That(root, Is.EqualTo(PinnedRoot));
        Assert.That(TaskIdentity.TaskId(trial, root, 1, Branches.RandomReinit), Is.EqualTo(PinnedControl));
    }

    private const string PinnedTrial = "0dcc2539da9b6711";
    private const string PinnedRoot = "0fda9529f8c3f032";
    private const string PinnedControl = "bf5e5ec615d46d1c";

    [Test]
    public void Ids_DoNotDependOnTheCurrentCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            var invariant = TaskIdentity.TrialId(Trial());
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            Assert.That(TaskIdentity.TrialId(Trial()), Is.EqualTo(invariant));
            Assert.That(Trial().ToCanonicalString(), Does.Contain("training.lr=0.002"));
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Test]
    public void Ids_WritingADefaultExplicitly_KeepsTheSameIds()
    {
        var loader = new StudyLoader(StudyLoaderTests.Catalog);
        var plain = TaskGraph.Build(loader.LoadText(StudyLoaderTests.Valid, "a.hocon"));
        var explicitDefaults = TaskGraph.Build(loader.LoadText(
            StudyLoaderTests.Valid.Replace("eval-every = 250", "eval-every = 250, optimizer = adam, momentum = 0, warmup-iterations = 0"), "b.hocon"));
        Assert.That(explicitDefaults.Tasks.Select(t => t.TaskId), Is.EqualTo(plain.Tasks.Select(t => t.TaskId)));
    }

    [Test]
    public void Ids_DifferWhenTheLineageDiffers()
    {
        var t = Trial();
        var ids = new[]
        {
            TaskIdentity.TaskId(t, (string?)null, 0, Branches.Main),
            TaskIdentity.TaskId(t, "p", 1, Branches.Main),
            TaskIdentity.TaskId(t, "p", 1, Branches.RandomReinit),
            TaskIdentity.TaskId(t, "q", 1, Branches.Main),
            TaskIdentity.TaskId(t.With(HparamKeys.Seed, 2L), (string?)null, 0, Branches.Main),
        };
        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Length));
    }
}

public class HparamsJsonTests
{
    [Test]
    public void Json_RoundTrip_KeepsEveryValueTypeAndTheCanonicalForm()
    {
        var h = Hparams.From(new KeyValuePair<string, object>[]
        {
            new(HparamKeys.Dataset, "mnist"), new(HparamKeys.Seed, 3L), new(HparamKeys.LearningRate, 0.0012), new(HparamKeys.Momentum, 1.0),
            new(HparamKeys.Nesterov, true), new(HparamKeys.LrMilestones, new object[] { 100L, 200L }), new(HparamKeys.Controls, new object[] { "random-reinit" }),
            new("method.note", "quote \" and \\ and\nnewline"),
        });
        var back = Hparams.FromJson(h.ToJson());
        Assert.That(back.ToCanonicalString(), Is.EqualTo(h.ToCanonicalString()));
        Assert.That(back.Get(HparamKeys.Momentum), Is.TypeOf<double>());
        Assert.That(back.Get(HparamKeys.Seed), Is.TypeOf<long>());
        Assert.That(TaskIdentity.TrialId(back), Is.EqualTo(TaskIdentity.TrialId(h)));
    }
}
