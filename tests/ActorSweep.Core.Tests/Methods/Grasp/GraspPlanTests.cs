using ActorSweep.Core.Methods.Grasp;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Grasp;

/// <summary>GraSP's plan and options.</summary>
public class GraspPlanTests
{
    [Test]
    public void Grasp_DefaultsToTheTemperatureOf200_AndRefusesANonPositiveOne()
    {
        var trial = MethodStudy.Load("{ name = grasp, sparsity = 0.8 }").ExpandTrials().First();
        Assert.That(new GraspMethod().Bind(trial.Hparams), Is.EqualTo(new GraspOptions(0.8, 10, 200)));
        Assert.That(TaskGraph.Build(MethodStudy.Load("{ name = grasp, sparsity = 0.8 }")).Tasks.All(t => t.Round == 1 && t.ParentTaskIds.Count == 0), Is.True);
        Assert.That(MethodStudy.Refusal("{ name = grasp, sparsity = 0.8, grasp-temperature = 0 }"), Does.Contain("methods[0].grasp-temperature"));
    }
}
