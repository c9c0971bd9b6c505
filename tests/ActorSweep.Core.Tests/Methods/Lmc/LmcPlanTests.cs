using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Lmc;

/// <summary>LMC's plan: a dense run and the pair branching off it.</summary>
public class LmcPlanTests
{
    [Test]
    public void Lmc_IsADenseRunAndAPairBranchingOffIt()
    {
        var g = TaskGraph.Build(MethodStudy.Load("{ name = lmc }", "grid { method.rewind-iteration = [0, 20] }"));
        Assert.That(g.Tasks, Has.Count.EqualTo(2 * 2 * 2));
        foreach (var pair in g.Tasks.Where(t => t.Branch == Branches.Lmc))
        {
            var root = g.Tasks.Single(t => t.TaskId == pair.ParentTaskId);
            Assert.That(root.Round, Is.EqualTo(0));
            Assert.That(root.Branch, Is.EqualTo(Branches.Main));
            Assert.That(pair.RootTaskId, Is.EqualTo(root.TaskId));
        }
    }
}
