using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Study;

/// <summary>A method block's <c>retraining { }</c>: options for the retraining of a found mask only.</summary>
public class RetrainingSchemaTests
{
    private static string Study(string methods) => $$"""
        name = r
        dataset = mnist
        model = lenet-300-100
        seeds = [1]
        training { iterations = 100, eval-every = 50, label-smoothing = 0.05 }
        methods = [
          {{methods}}
        ]
        """;

    private static StudyValidationException Fails(string methods) =>
        Assert.Throws<StudyValidationException>(() => new StudyLoader(StudyLoaderTests.Catalog).LoadText(Study(methods), "bad.hocon"))!;

    [Test]
    public void ImpWithRetraining_PlansARetrainedBranchPerRound_OffThatRoundsMainTask_AndTheKeysAreThe_TrialsIdentity()
    {
        var graph = TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText(
            Study("{ name = imp, rounds = 2, retraining { label-smoothing = 0.1, activation = mish, lr = 1.2e-3 } }"), "r.hocon"));
        var main = graph.Tasks.Where(t => t.Branch == Branches.Main).ToDictionary(t => t.Round);
        var retrained = graph.Tasks.Where(t => t.Branch == Branches.Retrained).ToList();
        Assert.That(retrained.Select(t => t.Round), Is.EqualTo(new[] { 0, 1, 2 }));
        foreach (var t in retrained) Assert.That(t.ParentTaskIds, Is.EqualTo(new[] { main[t.Round].TaskId }), $"round {t.Round}: its main task's mask and start");
        var h = retrained[0].Hparams;
        Assert.That((h.Get("retraining.label-smoothing"), h.Get("retraining.activation"), h.Get("retraining.lr")), Is.EqualTo((0.1, "mish", 1.2e-3)),
            "kept even when equal to a default: the block asks for the retraining");
        Assert.That(h.GetDouble(HparamKeys.LabelSmoothing, 0), Is.EqualTo(0.05), "the trial's own training stays");

        var overlay = TrainingHparams.From(RetrainingSchema.Overlay(h));
        Assert.That((overlay.LabelSmoothing, overlay.Activation, overlay.Iterations), Is.EqualTo((0.1, "mish", 100)), "retraining keys replace, the rest is the trial's");
        Assert.That(RetrainingSchema.Overlay(h).Entries.Any(e => e.Key.StartsWith(RetrainingSchema.Prefix, StringComparison.Ordinal)), Is.False);

        var plain = TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText(Study("{ name = imp, rounds = 2 }"), "r.hocon"));
        Assert.That(plain.Tasks.Any(t => t.Branch == Branches.Retrained), Is.False);
    }

    [Test]
    public void AMethodWithoutARetrainingPhase_RefusesTheBlock_NamingTheMethodsThatHaveOne()
    {
        var e = Fails("{ name = dense, retraining { label-smoothing = 0.1 } }");
        var error = e.Errors.Single();
        Assert.That((error.File, error.KeyPath), Is.EqualTo(("bad.hocon", "methods[0].retraining")));
        Assert.That(error.Message, Does.Contain("method dense has no retraining of a found mask").And.Contain("imp").And.Contain("snip").And.Contain("training { }"));
    }

    [Test]
    public void DataAndInitialisationKeys_AreNotRetrainingOptions()
    {
        foreach (var key in new[] { "validation-size = 10", "normalize-inputs = false", "init = pytorch", "label-noise { kind = random, fraction = 0.1 }" })
        {
            var e = Fails($"{{ name = snip, sparsity = 0.9, retraining {{ {key} }} }}");
            Assert.That(e.Errors.Single().KeyPath, Does.StartWith("methods[0].retraining."), key);
            Assert.That(e.Errors.Single().Message, Does.Contain("unknown key").And.Contain("label-smoothing"), key);
        }
    }

    [Test]
    public void ImpValidatesItsRetrainingOptionsToo()
    {
        var e = Fails("{ name = imp, rewind-iteration = 60, retraining { iterations = 50 } }");
        Assert.That(e.Errors.Single().Message, Does.Contain("with the retraining options"));
    }
}
