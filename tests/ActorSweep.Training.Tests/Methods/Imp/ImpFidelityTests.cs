using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Tests.Methods.Imp;

/// <summary>IMP as open_lth does it: the random re-init control of a rewound ticket.</summary>
[NonParallelizable]
public class ImpFidelityTests
{
    private static (TaskGraph Graph, StudyLayout Layout, Dictionary<string, TaskResult> Results) Run(string methods, int version, string model = "lenet-16-8", string training = "") =>
        Support.RunnerStudy.Run(methods, training, model, seed: 5, evalEvery: 40, defaultsVersion: version);

    [TestCase(DefaultsVersion.Release1, 80)]
    [TestCase(DefaultsVersion.Release2, 60)]
    public void RandomReinit_WithRewinding_StartsAtTheRewindPointLikeTheTicket(int version, int iterations)
    {
        // open_lth's randomly_reinitialize trains from train_start_step; release 1 trained all T steps from 0.
        var (g, _, results) = Run("{ name = imp, rounds = 1, rewind-iteration = 20, controls = [random-reinit] }", version);
        var ticket = results[g.Tasks.Single(t => t.Round == 1 && t.Branch == Branches.Main).TaskId];
        var reinit = results[g.Tasks.Single(t => t.Branch == Branches.RandomReinit).TaskId];
        Assert.That(ticket.Iterations, Is.EqualTo(60));
        Assert.That(reinit.Iterations, Is.EqualTo(iterations));
        Assert.That(reinit.Curve[0].Iteration, Is.EqualTo(80 - iterations));
    }
}
