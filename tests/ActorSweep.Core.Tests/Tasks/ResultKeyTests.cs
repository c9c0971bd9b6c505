using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Tasks;

/// <summary>
/// A task's result key (the task store's) names what decides its numbers: a study with more IMP rounds or other controls
/// than another shares the result keys of the tasks both have, though every task id differs; any key that changes how a
/// task trains changes every result key below it.
/// </summary>
public class ResultKeyTests
{
    private static TaskGraph Imp(string options, string training = "") => TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText($$"""
        name = k
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training { iterations = 20 {{training}} }
        methods = [ { name = imp, {{options}} } ]
        """, "k.hocon"));

    private static Dictionary<(int Round, string Branch), TaskSpec> ByPlace(TaskGraph g) => g.Tasks.ToDictionary(t => (t.Round, t.Branch));

    [Test]
    public void MoreRoundsAndAnotherControl_KeepTheResultKeysOfTheSharedTasks_ThoughTheirIdsDiffer()
    {
        var three = ByPlace(Imp("rounds = 3"));
        var five = ByPlace(Imp("rounds = 5, controls = [random-reinit]"));
        foreach (var (place, task) in three)
        {
            Assert.That(five[place].TaskId, Is.Not.EqualTo(task.TaskId), "the ids name the trial's whole hyperparameters");
            Assert.That(five[place].ResultKey, Is.EqualTo(task.ResultKey), $"round {place.Round} {place.Branch} computes the same numbers");
        }
        Assert.That(five.Keys.Except(three.Keys), Is.Not.Empty);
        Assert.That(five.Values.Select(t => t.ResultKey).Distinct().Count(), Is.EqualTo(five.Count), "no two tasks of a study share one");
    }

    [Test]
    public void AKeyThatChangesTraining_ChangesEveryResultKey()
    {
        var a = ByPlace(Imp("rounds = 2"));
        var otherRate = ByPlace(Imp("rounds = 2, rate-fc = 0.3"));
        var otherLr = ByPlace(Imp("rounds = 2", ", lr = 0.01"));
        foreach (var place in a.Keys.Where(p => p.Round > 0))
            Assert.That(otherRate[place].ResultKey, Is.Not.EqualTo(a[place].ResultKey), $"round {place.Round}");
        foreach (var place in a.Keys)
            Assert.That(otherLr[place].ResultKey, Is.Not.EqualTo(a[place].ResultKey), $"round {place.Round}");
    }

    [Test]
    public void OnlyKeysThatShapeTheGraph_AreDeclaredSo()
    {
        // Declaring a key graph-only lets the store hand one study's numbers to another: each such declaration is pinned here.
        var graphOnly = MethodRegistry.Default.Names.Select(MethodRegistry.Default.Get).SelectMany(m => m.Options.Where(d => d.ShapesGraphOnly).Select(d => $"{m.Name}:{d.Key}")).Order().ToList();
        Assert.That(graphOnly, Is.EqualTo(new[] { "card:method.rounds", "early-bird:method.controls", "imp:method.controls", "imp:method.rounds", "oneshot:method.controls" }.Order()));
    }
}
