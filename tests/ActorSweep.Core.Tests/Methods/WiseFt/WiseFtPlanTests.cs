using ActorSweep.Core.Methods.WiseFt;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.WiseFt;

/// <summary>WiSE-FT's plan and options.</summary>
public class WiseFtPlanTests
{
    [Test]
    public void WiseFt_FineTunesTheSourceRound_ThenEachAlphaReadsTheSourceAndTheFineTunedNetwork()
    {
        var g = TaskGraph.Build(MethodStudy.Combining("{ name = imp, rounds = 2 }, { name = wise-ft, source-method = imp, source-round = 1, alphas = [0, 0.25, 1] }"));
        var source = g.Tasks.Single(t => t.Method == "imp" && t.Seed == 1 && t.Round == 1 && t.Branch == Branches.Main);
        var tasks = g.Tasks.Where(t => t.Method == WiseFtMethod.MethodName && t.Seed == 1).ToList();
        var fineTuned = tasks.Single(t => t.Branch == WiseFtBranches.FineTuned);
        Assert.That(fineTuned.ParentTaskIds, Is.EqualTo(new[] { source.TaskId }));
        var points = tasks.Where(t => t.Branch != WiseFtBranches.FineTuned).ToList();
        Assert.That(points.Select(t => t.Branch), Is.EqualTo(new[] { "alpha-0", "alpha-0.25", "alpha-1" }));
        Assert.That(points.All(t => t.ParentTaskIds.SequenceEqual(new[] { source.TaskId, fineTuned.TaskId })), Is.True, "θ_α reads θ_source first, θ_fine-tuned second");
        Assert.That(points.Select(t => WiseFtBranches.AlphaOf(t.Branch)), Is.EqualTo(new double?[] { 0, 0.25, 1 }));
        Assert.That(WiseFtBranches.AlphaOf(WiseFtBranches.FineTuned), Is.Null);
    }

    [Test]
    public void DefaultAlphas_AreTheReferencesGrid_AndTheAlphasPickLevelsNotVariants()
    {
        var options = new WiseFtMethod().Bind(Hparams.Empty);
        Assert.That(options.Alphas, Is.EqualTo(new[] { 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 }));
        Assert.That(options.SourceMethod, Is.EqualTo("dense"));
        Assert.That(new WiseFtMethod().Options.Single(o => o.Key == WiseFtKeys.Alphas).PicksLevel, Is.True);
    }

    [TestCase("alphas = [0.5, 1.5]", "mixing coefficients in [0, 1]")]
    [TestCase("alphas = []", "non-empty")]
    [TestCase("alphas = [0.5, 0.5]", "repeated")]
    [TestCase("source-round = 3", "round 3 is not a round")]
    public void WiseFt_RefusesBadAlphasAndAMissingRound(string option, string expected)
    {
        var e = Assert.Throws<StudyValidationException>(() => TaskGraph.Build(MethodStudy.Combining($"{{ name = dense }}, {{ name = wise-ft, {option} }}")))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains(expected));
    }

    [Test]
    public void WiseFt_WithoutItsSourceTrial_IsRefusedNamingTheKey()
    {
        var e = Assert.Throws<StudyValidationException>(() => TaskGraph.Build(MethodStudy.Combining("{ name = imp, rounds = 1 }, { name = wise-ft }")))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains("source-method"));
    }
}
