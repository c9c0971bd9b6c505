using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Dense;

/// <summary>The dense baseline's plan.</summary>
public class DensePlanTests
{
    [Test]
    public void Dense_IsOneRootTaskPerSeed_AtRoundZero_AndTakesNoMethodOptions()
    {
        var g = TaskGraph.Build(MethodStudy.Load("{ name = dense }"));
        Assert.That(g.Tasks, Has.Count.EqualTo(2));
        Assert.That(g.Tasks.All(t => t.Round == 0 && t.Branch == Branches.Main && t.ParentTaskIds.Count == 0), Is.True);
        Assert.That(g.Tasks.Select(t => t.Seed), Is.EquivalentTo(new[] { 1, 2 }));
        Assert.That(MethodStudy.Refusal("{ name = dense, sparsity = 0.5 }"), Does.Contain("methods[0].sparsity"));
    }
}
