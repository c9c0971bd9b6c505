using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Methods.RandomPruning;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods.RandomPruning;

/// <summary>Random pruning's plan and options.</summary>
public class RandomPruningPlanTests
{
    [Test]
    public void Random_IsOneTaskPerTrial_WithTheDistributionItNames_AndRefusesAnUnknownOne()
    {
        var trial = MethodStudy.Load("{ name = random, sparsity = 0.9, distribution = er }").ExpandTrials().First();
        Assert.That(new RandomPruningMethod().Bind(trial.Hparams), Is.EqualTo(new RandomPruningOptions(0.9, LayerDistribution.ErdosRenyi)));
        Assert.That(TaskGraph.Build(MethodStudy.Load("{ name = random, sparsity = 0.9 }")).Tasks, Has.Count.EqualTo(2));
        Assert.That(MethodStudy.Refusal("{ name = random, sparsity = 0.9, distribution = snfs }"), Does.Contain("methods[0].distribution").And.Contain("uniform, er, erk"));
    }
}
