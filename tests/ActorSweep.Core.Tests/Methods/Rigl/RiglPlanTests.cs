using ActorSweep.Core.Methods.Rigl;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.Rigl;

/// <summary>RigL's plan and options.</summary>
public class RiglPlanTests
{
    [Test]
    public void Rigl_DefaultsToRiglsSchedule_AndRefusesADropFractionOutsideZeroOne()
    {
        var trial = MethodStudy.Load("{ name = rigl, sparsity = 0.9 }").ExpandTrials().First();
        var options = new RiglMethod().Bind(trial.Hparams);
        Assert.That(options.Distribution, Is.EqualTo(LayerDistribution.ErdosRenyiKernel));
        Assert.That(options.Updates.DropSchedule, Is.EqualTo(MaskUpdateSchedule.Cosine));
        Assert.That(TaskGraph.Build(MethodStudy.Load("{ name = rigl, sparsity = 0.9 }")).Tasks.All(t => t.Round == 1 && t.ParentTaskIds.Count == 0), Is.True);
        Assert.That(MethodStudy.Refusal("{ name = rigl, sparsity = 0.9, drop-fraction = 1.5 }"), Does.Contain("methods[0].drop-fraction"));
    }
}
