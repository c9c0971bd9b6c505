using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.EarlyBird;

/// <summary>Early-Bird's plan and option checks.</summary>
public class EarlyBirdPlanTests
{
    [Test]
    public void EarlyBird_IsASearchRunWithTheTicketAndItsReinitControlBranchingOffIt()
    {
        var g = TaskGraph.Build(MethodStudy.Lineage("{ name = early-bird, ratio = 0.3 }"));
        var search = g.Tasks.Single(t => t.Round == 0);
        Assert.That((search.Branch, search.ParentTaskIds.Count), Is.EqualTo((Branches.Main, 0)));
        var children = g.Tasks.Where(t => t.Round == 1).ToList();
        Assert.That(children.Select(t => t.Branch).Order(), Is.EqualTo(new[] { Branches.Main, Branches.RandomReinit }));
        Assert.That(children.All(t => t.ParentTaskIds.SequenceEqual(new[] { search.TaskId })), Is.True);
        Assert.That(TaskGraph.Build(MethodStudy.Lineage("{ name = early-bird, controls = [] }")).Tasks, Has.Count.EqualTo(2), "the control can be left out");
    }

    [Test]
    public void EarlyBird_RefusesAScheduleThatCouldNeverFillItsQueue()
    {
        var e = Assert.Throws<StudyValidationException>(() => MethodStudy.Lineage("{ name = early-bird, check-every = 300 }"))!;
        Assert.That(e.Errors.Single().Message, Does.Contain("method.check-every (300) × method.masks-kept (5) is more than training.iterations (1000)"));
    }
}
