using ActorSweep.Core.Coordination;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Coordination;

public class SchedulingTests
{
    // Independent dense trials come first in the graph; the IMP chain (round 0 and 3 pruned rounds of 100 iterations, with controls) after them.
    private static TaskGraph Mixed(StudyCatalog? catalog = null) => TaskGraph.Build(new StudyLoader(catalog ?? StudyLoaderTests.Catalog).LoadText("""
        name = t
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2]
        training { iterations = 100, eval-every = 50, validation-size = 0 }
        methods = [ { name = dense }, { name = imp, rounds = 3, controls = [random-reinit] } ]
        """, "t.hocon"));

    private static List<TaskSpec> LeaseAll(CoordinatorState s, int count)
    {
        var leased = new List<TaskSpec>();
        for (var i = 0; i < count; i++)
        {
            s = Coordination.Run(s, new LeaseTask($"w{i}", "n1"), out var d);
            var send = d.Effects.OfType<SendTask>().Single();
            leased.Add(s.Tasks[send.TaskId].Spec);
        }
        return leased;
    }

    [Test]
    public void CriticalPath_IsTheWorkOnTheLongestChainBelowATask()
    {
        var g = Mixed();
        // 100 iterations × batch 60 × 3 passes, no validation, 1e6 multiply-adds per example → 18,000 units per task.
        var unit = TaskWork.Estimate(TrainingHparams.From(g.Tasks[0].Hparams), TaskWork.UnknownModelCost);
        Assert.That(unit, Is.EqualTo(18_000));
        var imp = g.Tasks.Where(t => t.Method == "imp" && t.Seed == 1).ToList();
        Assert.That(imp.Where(t => t.Branch == Branches.Main).OrderBy(t => t.Round).Select(t => g.CriticalPath[t.TaskId]),
            Is.EqualTo(new[] { 5 * unit, 4 * unit, 3 * unit, 2 * unit }), "round 0 carries the chain r0 → r1 → r2 → r3 → r3's control");
        Assert.That(imp.Where(t => t.Branch != Branches.Main).Select(t => g.CriticalPath[t.TaskId]), Is.All.EqualTo(unit), "a control ends its branch");
        Assert.That(g.Tasks.Where(t => t.Method == "dense").Select(t => g.CriticalPath[t.TaskId]), Is.All.EqualTo(unit));
    }

    [Test]
    public void CriticalPathOrder_StartsLongChainsFirst_GraphOrderKeepsTheFileOrder()
    {
        var g = Mixed();
        var critical = LeaseAll(CoordinatorState.For(g), 4);
        Assert.That(critical.Take(2).Select(t => (t.Method, t.Round)), Is.EqualTo(new[] { ("imp", 0), ("imp", 0) }), "both chains start first");
        Assert.That(critical.Skip(2).Select(t => t.Method), Is.All.EqualTo("dense"));
        var graphOrder = LeaseAll(CoordinatorState.For(g, scheduling: Scheduling.GraphOrder), 2);
        Assert.That(graphOrder.Select(t => t.Method), Is.All.EqualTo("dense"));
    }

    [Test]
    public void ModelCost_WeighsTasksOfCostlierModels()
    {
        var catalog = StudyLoaderTests.Catalog with { ModelCost = (model, _) => model == "lenet-16-8" ? 5e6 : null };
        var g = Mixed(catalog);
        var dense = g.Tasks.First(t => t.Method == "dense");
        Assert.That(g.CriticalPath[dense.TaskId], Is.EqualTo(5 * 18_000));
    }
}
