using ActorSweep.Core.Methods.Set;
using ActorSweep.Core.Methods.Snfs;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Lineage;

/// <summary>Plans and option checks of the methods that live inside one lineage: early-bird, snfs, SET's sparse_learning variant, sup-tickets.</summary>
public class SingleLineagePlansTests
{
    private static readonly StudyCatalog Catalog = new(new[] { "mnist", "synthetic" }, m => m.StartsWith("lenet", StringComparison.Ordinal), "lenet");

    private static StudySpec Load(string methods, string training = "iterations = 1000") => new StudyLoader(Catalog).LoadText($$"""
        name = p
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training { {{training}} }
        methods = [ {{methods}} ]
        """, "p.hocon");

    [Test]
    public void EarlyBird_IsASearchRunWithTheTicketAndItsReinitControlBranchingOffIt()
    {
        var g = TaskGraph.Build(Load("{ name = early-bird, ratio = 0.3 }"));
        var search = g.Tasks.Single(t => t.Round == 0);
        Assert.That((search.Branch, search.ParentTaskIds.Count), Is.EqualTo((Branches.Main, 0)));
        var children = g.Tasks.Where(t => t.Round == 1).ToList();
        Assert.That(children.Select(t => t.Branch).Order(), Is.EqualTo(new[] { Branches.Main, Branches.RandomReinit }));
        Assert.That(children.All(t => t.ParentTaskIds.SequenceEqual(new[] { search.TaskId })), Is.True);
        Assert.That(TaskGraph.Build(Load("{ name = early-bird, controls = [] }")).Tasks, Has.Count.EqualTo(2), "the control can be left out");
    }

    [Test]
    public void EarlyBird_RefusesAScheduleThatCouldNeverFillItsQueue()
    {
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = early-bird, check-every = 300 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("method.check-every (300) × method.masks-kept (5) is more than training.iterations (1000)"));
    }

    [Test]
    public void Snfs_DefaultsAreSparseLearningsMnistSettings()
    {
        var trial = Load("{ name = snfs, sparsity = 0.95 }").ExpandTrials().Single();
        var o = new SnfsMethod().Bind(trial.Hparams);
        Assert.That(o, Is.EqualTo(new SnfsOptions(0.95, "uniform", new SparseLearningScheduleOf(0.5, "cosine").Value, "momentum", "momentum")));
    }

    [Test]
    public void SetVariant_RefusesTheOtherVariantsKeys_AndKeepsOldSetIdsUnchanged()
    {
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = set, sparsity = 0.9, variant = sparse-learning, update-every = 50 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("method.update-every does not apply to SET's sparse-learning variant"));
        e = Assert.Throws<StudyValidationException>(() => Load("{ name = set, sparsity = 0.9, prune-rate = 0.3 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("method.prune-rate does not apply to SET's rigl variant"));
        var plain = Load("{ name = set, sparsity = 0.9 }").ExpandTrials().Single();
        Assert.That(plain.Hparams.Contains(HparamKeys.Variant), Is.False, "the default variant is omitted, so SET's task ids stay as they were");
        Assert.That(new SetMethod().Bind(plain.Hparams).Variant, Is.EqualTo(SetOptions.Rigl));
    }

    [Test]
    public void SupTickets_IsTheRunAndItsSuperposedTicket_AndRefusesCyclesTooShort()
    {
        var g = TaskGraph.Build(Load("{ name = sup-tickets, sparsity = 0.9 }"));
        var run = g.Tasks.Single(t => t.Branch == Branches.Main);
        var superposed = g.Tasks.Single(t => t.Branch == Core.Methods.SupTickets.SupTicketsBranches.Superposed);
        Assert.That(superposed.ParentTaskIds, Is.EqualTo(new[] { run.TaskId }));
        var o = new Core.Methods.SupTickets.SupTicketsMethod().Bind(run.Hparams);
        Assert.That((o.CycleLength(1000), o.CyclicStart(1000)), Is.EqualTo((33, 901)), "⌊1000 · 0.1⌋ = 100 cyclic steps in 3 cycles of 33");
        var e = Assert.Throws<StudyValidationException>(() => Load("{ name = sup-tickets, sparsity = 0.9, cycles = 60 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("leaves cycles of 1 steps for 60 cycles"));
    }

    private readonly record struct SparseLearningScheduleOf(double Rate, string Decay)
    {
        public Core.Sparsity.SparseLearningSchedule Value => new(Rate, Decay);
    }
}
