using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Snip;

/// <summary>SNIP's plan and options.</summary>
public class SnipPlanTests
{
    [Test]
    public void Snip_IsOneRootTaskAtRoundOne_AndRefusesAnEmptyScoringBatch()
    {
        var g = TaskGraph.Build(MethodStudy.Load("{ name = snip, sparsity = 0.9, samples-per-class = 5 }"));
        Assert.That(g.Tasks.All(t => t.Round == 1 && t.Branch == Branches.Main && t.ParentTaskIds.Count == 0), Is.True);
        Assert.That(g.Tasks, Has.Count.EqualTo(2));
        Assert.That(MethodStudy.Refusal("{ name = snip, sparsity = 0.9, samples-per-class = 0 }"), Does.Contain("methods[0].samples-per-class").And.Contain("between 1 and 10000"));
    }
}
