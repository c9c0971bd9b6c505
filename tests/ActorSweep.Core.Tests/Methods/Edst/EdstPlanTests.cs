using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Methods.Edst;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Edst;

/// <summary>EDST's plan, phases and learning-rate schedule.</summary>
public class EdstPlanTests
{
    [Test]
    public void Edst_IsOneRunAndAnEnsemble_AndRefusesPhasesTooShortToEvaluate()
    {
        var g = TaskGraph.Build(MethodStudy.Combining("{ name = edst, members = 3, sparsity = 0.8 }", "training { iterations = 300, eval-every = 20 }"));
        var tasks = g.Tasks.Where(t => t.Seed == 1).ToList();
        Assert.That(tasks.Select(t => t.Branch), Is.EqualTo(new[] { Branches.Main, EnsembleBranches.Ensemble }));
        Assert.That(tasks[1].ParentTaskIds, Is.EqualTo(new[] { tasks[0].TaskId }));
        var e = Assert.Throws<StudyValidationException>(() => TaskGraph.Build(MethodStudy.Combining("{ name = edst, members = 3, sparsity = 0.9 }", "training { iterations = 300, eval-every = 100 }")))!;
        Assert.That(e.Errors.Select(x => x.ToString()), Has.Some.Contains("c.hocon:").And.Contains("eval-every"));
    }

    // T = 300, explore 1/3 → E = 100; M = 3 → L = ⌊200/3⌋ = 66: phases [100,166), [166,232), [232,300).
    [TestCase(0, -1)]
    [TestCase(100, -1)]
    [TestCase(101, 0)]
    [TestCase(166, 0)]
    [TestCase(167, 1)]
    [TestCase(232, 1)]
    [TestCase(233, 2)]
    [TestCase(300, 2)]
    public void EdstPhases_FollowMinestoneCalculation(int steps, int phase)
    {
        var phases = new EdstOptions(3, 1.0 / 3, 0.8, 0.9, LayerDistribution.ErdosRenyiKernel, null!, null, GrowthCriterion.Gradient).PhasesOf(300);
        Assert.That((phases.Explore, phases.PhaseLength, phases.StartOf(1), phases.StartOf(2), phases.EndOf(2)), Is.EqualTo((100, 66, 166, 232, 300)));
        Assert.That(phases.PhaseAfter(steps), Is.EqualTo(phase));
    }

    [Test]
    public void EdstLearningRate_IsTheExplorationScheduleThenATenthAndAHundredthOfTheBaseInEachPhasesHalves()
    {
        var phases = new EdstPhases(100, 66, 3, 300);
        Assert.That(phases.LearningRate(99, 0.1, _ => 0.123), Is.EqualTo(0.123));
        Assert.That(phases.LearningRate(100, 0.1, _ => 0.123), Is.EqualTo(0.01).Within(1e-15), "phase 0 first half: [100, 133)");
        Assert.That(phases.LearningRate(132, 0.1, _ => 0.123), Is.EqualTo(0.01).Within(1e-15));
        Assert.That(phases.LearningRate(133, 0.1, _ => 0.123), Is.EqualTo(0.001).Within(1e-15));
        Assert.That(phases.LearningRate(166, 0.1, _ => 0.123), Is.EqualTo(0.01).Within(1e-15), "phase 1 starts again at a tenth");
        Assert.That(phases.LearningRate(266, 0.1, _ => 0.123), Is.EqualTo(0.001).Within(1e-15), "phase 2 [232, 300): second half from 266");
        Assert.That(phases.LearningRate(265, 0.1, _ => 0.123), Is.EqualTo(0.01).Within(1e-15));
    }

    [Test]
    public void EdstExploration_RunsAtTheConstantBaseRate_AsTheReferenceReadmesNolrsche_UnlessTheScheduleIsAsked()
    {
        // Base 0.05, ÷10 at step 50 (inside a 100-step exploration): --nolrsche keeps 0.05 until exploration ends.
        var training = TrainingHparams.From(Hparams.From(new KeyValuePair<string, object>[]
        {
            new(HparamKeys.LearningRate, 0.05), new(HparamKeys.LrMilestones, new List<object> { 50L }), new(HparamKeys.Iterations, 300L),
        }));
        var method = new EdstMethod();
        var trial = Hparams.From(new KeyValuePair<string, object>[] { new(HparamKeys.Sparsity, 0.9) });
        var constant = method.Bind(trial).ExplorationRate(training);
        Assert.That((constant(10), constant(60), constant(99)), Is.EqualTo((0.05, 0.05, 0.05)));
        var scheduled = method.Bind(trial, DefaultsVersion.Release3).ExplorationRate(training);
        Assert.That(scheduled(10), Is.EqualTo(0.05));
        Assert.That(scheduled(60), Is.EqualTo(0.005).Within(1e-15), "release 3 studies keep the trial's schedule while exploring");
        var asked = method.Bind(Hparams.From(new KeyValuePair<string, object>[] { new(HparamKeys.Sparsity, 0.9), new(EdstKeys.ExplorationLr, "schedule") }));
        Assert.That(asked.ExplorationRate(training)(60), Is.EqualTo(0.005).Within(1e-15));
    }
}
