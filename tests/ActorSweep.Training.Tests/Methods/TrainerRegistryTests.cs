using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Tests.Methods;

/// <summary>Core's method registry and Training's trainer registry name the same methods, one trainer each.</summary>
public class TrainerRegistryTests
{
    [Test]
    public void EveryMethodOfCore_HasATrainer_AndEveryTrainer_AMethodOfCore()
    {
        Assert.That(TrainerRegistry.Default.Names, Is.EqualTo(MethodRegistry.Default.Names));
        foreach (var name in MethodRegistry.Default.Names) Assert.That(TrainerRegistry.Default.Get(name).Method, Is.EqualTo(name));
    }

    [Test]
    public void ATaskOfAMethodWithoutATrainer_FailsLoudlyByName()
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-registry").FullName);
        var runner = new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load));
        var h = Hparams.From(new KeyValuePair<string, object>[] { new(HparamKeys.Dataset, "synthetic"), new(HparamKeys.Model, "lenet-16-8"), new(HparamKeys.Method, "gradual-magnitude") });
        var task = new TaskSpec("t", "tr", "s", "gradual-magnitude", Branches.Main, 0, 1, Array.Empty<string>(), null, h);
        var e = Assert.Throws<DeterministicTaskFailure>(() => runner.Run(task, _ => { }, CancellationToken.None), "no retry can make it work")!;
        Assert.That(e.Message, Does.Contain("method 'gradual-magnitude' has no trainer").And.Contain("imp"));
    }

    [Test]
    public void ARegistry_RefusesTwoTrainersForOneMethod()
    {
        Assert.Throws<ArgumentException>(() => TrainerRegistry.Default.With(new ActorSweep.Training.Methods.Dense.DenseTrainer()));
    }
}
