using ActorSweep.Core.Methods.SynFlow;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.SynFlow;

/// <summary>SynFlow's plan and options.</summary>
public class SynFlowPlanTests
{
    [Test]
    public void SynFlow_DefaultsTo100Iterations_AndRefusesZero()
    {
        var trial = MethodStudy.Load("{ name = synflow, sparsity = 0.99 }").ExpandTrials().First();
        Assert.That(new SynFlowMethod().Bind(trial.Hparams), Is.EqualTo(new SynFlowOptions(0.99, 100)));
        Assert.That(TaskGraph.Build(MethodStudy.Load("{ name = synflow, sparsity = 0.99 }")).Tasks.All(t => t.Round == 1 && t.ParentTaskIds.Count == 0), Is.True);
        Assert.That(MethodStudy.Refusal("{ name = synflow, sparsity = 0.99, prune-iterations = 0 }"), Does.Contain("methods[0].prune-iterations").And.Contain("between 1 and 10000"));
    }
}
