using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;

namespace ActorSweep.Cli.Tests.Commands;

/// <summary>Bad input stops at the door: one line naming what is wrong, exit 2, nothing written.</summary>
public class RefusalTests
{
    private static string Study(string extra = "", string dataset = "synthetic")
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-refuse").FullName;
        var path = Path.Combine(dir, "r.hocon");
        File.WriteAllText(path, $"name = r\ndataset = {dataset}\nmodel = lenet-8\nseeds = [1]\ntraining {{ iterations = 10 {extra} }}\nmethods = [ {{ name = dense }} ]\n");
        return path;
    }

    [Test]
    public void Run_OnADeviceThisMachineCannotUse_IsOneLineExitTwo_AndWritesNothing()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Ignore("this machine has CUDA");
        var study = Study();
        var outDir = Path.Combine(Path.GetDirectoryName(study)!, "out");
        var (exit, output, errors) = InProcessCli.Run("run", study, "--out", outDir, "--devices", "cuda:0", "--plain");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.StartWith("actorsweep: --devices: cuda:0: CUDA is not available on this machine"));
        Assert.That(errors.Split('\n').Count(l => l.Contains("at ")), Is.EqualTo(0), "no stack trace");
        Assert.That(Directory.Exists(outDir), Is.False, "nothing written");
        Assert.That(output, Is.Empty);
    }

    [Test]
    public void Validate_AValidationSizeBeyondTheDataset_NamesTheKeyAndTheLimit()
    {
        var study = Study(", validation-size = 60001", dataset: "mnist");
        var (exit, _, errors) = InProcessCli.Run("validate", study);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain(":5: training.validation-size: 60001 would hold out every training image of mnist; expected at most 59,999"));
    }

    [Test]
    public void Validate_AModelTooBigForTheImages_IsRefused()
    {
        var study = Study().Replace("r.hocon", "r.hocon");
        File.WriteAllText(study, File.ReadAllText(study).Replace("model = lenet-8", "model = vgg-11"));
        var (exit, _, errors) = InProcessCli.Run("validate", study);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain(":3: model: model vgg-11 cannot take 1×12×12 images"));
    }
}
