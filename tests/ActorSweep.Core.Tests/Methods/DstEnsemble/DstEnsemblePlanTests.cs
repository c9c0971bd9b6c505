using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.DstEnsemble;

/// <summary>The DST ensemble's plan.</summary>
public class DstEnsemblePlanTests
{
    [Test]
    public void DstEnsemble_HasMIndependentMembers_AndOneEnsembleWithAllOfThem()
    {
        var g = TaskGraph.Build(MethodStudy.Combining("{ name = dst-ensemble, members = 4, sparsity = 0.9 }"));
        var tasks = g.Tasks.Where(t => t.Seed == 2).ToList();
        var members = tasks.Where(t => t.Branch == EnsembleBranches.Member).ToList();
        Assert.That(members.Select(t => t.Round), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(members.All(t => t.ParentTaskIds.Count == 0), Is.True, "members are independent runs");
        var ensemble = tasks.Single(t => t.Branch == EnsembleBranches.Ensemble);
        Assert.That(ensemble.ParentTaskIds, Is.EqualTo(members.Select(t => t.TaskId)));
    }
}
