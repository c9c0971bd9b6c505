using ActorSweep.Core.Methods.Colt;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Colt;

/// <summary>COLT's plan and options.</summary>
public class ColtPlanTests
{
    [Test]
    public void Colt_EachRoundsParts_HaveEveryPartOfTheRoundBeforeAsParents_AndTheFullTaskBranchesOffThem()
    {
        var g = TaskGraph.Build(MethodStudy.Combining("{ name = colt, parts = 3, rounds = 2 }"));
        var tasks = g.Tasks.Where(t => t.Seed == 1).ToList();
        Assert.That(tasks, Has.Count.EqualTo(3 + 2 * (3 + 1)), "3 parts in round 0; 3 parts and a full task in rounds 1, 2");
        var round0 = tasks.Where(t => t.Round == 0).ToList();
        Assert.That(round0.Select(t => t.Branch), Is.EqualTo(new[] { "part-0", "part-1", "part-2" }));
        Assert.That(round0.All(t => t.ParentTaskIds.Count == 0), Is.True);
        for (var round = 1; round <= 2; round++)
        {
            var before = tasks.Where(t => t.Round == round - 1 && ColtBranches.PartOf(t.Branch) is not null).Select(t => t.TaskId).ToList();
            foreach (var t in tasks.Where(t => t.Round == round))
                Assert.That(t.ParentTaskIds, Is.EqualTo(before), $"{t.Branch} of round {round}: every part of round {round - 1}, in part order");
            Assert.That(tasks.Where(t => t.Round == round).Select(t => t.Branch), Is.EqualTo(new[] { "part-0", "part-1", "part-2", ColtBranches.Full }));
        }
        Assert.That(TaskGraph.Build(MethodStudy.Combining("{ name = colt, rounds = 1, full-head = false }")).Tasks.Count(t => t.Seed == 1), Is.EqualTo(4));
    }
}
