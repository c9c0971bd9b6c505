using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Imp;

/// <summary>IMP's plan: a chain of rounds, each from the round before, with the controls branching off each pruned round.</summary>
public class ImpPlanTests
{
    [Test]
    public void Imp_EachRoundBuildsOnTheOneBefore_AndEachControlBranchesOffItsRound()
    {
        var g = TaskGraph.Build(MethodStudy.Load("{ name = imp, rounds = 3, controls = [random-reinit, random-mask] }"));
        var seed1 = g.Tasks.Where(t => t.Seed == 1).ToList();
        var main = seed1.Where(t => t.Branch == Branches.Main).OrderBy(t => t.Round).ToList();
        Assert.That(main.Select(t => t.Round), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        for (var k = 1; k <= 3; k++) Assert.That(main[k].ParentTaskIds, Is.EqualTo(new[] { main[k - 1].TaskId }), $"round {k}");
        foreach (var control in seed1.Where(t => t.Branch != Branches.Main))
            Assert.That(control.ParentTaskIds, Is.EqualTo(new[] { main[control.Round].TaskId }), $"{control.Branch} of round {control.Round}: the round's mask");
        Assert.That(seed1.Count(t => t.Branch == Branches.RandomReinit), Is.EqualTo(3));
    }

    [Test]
    public void Imp_RefusesRoundsOutOfRange_AndARewindPastTraining()
    {
        Assert.That(MethodStudy.Refusal("{ name = imp, rounds = 0 }"), Does.Contain("methods[0].rounds").And.Contain("between 1 and 100"));
        Assert.That(MethodStudy.Refusal("{ name = imp, rewind-iteration = 500 }"), Does.Contain("rewind-iteration"));
    }
}
