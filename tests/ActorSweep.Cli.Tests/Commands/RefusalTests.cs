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

    [Test]
    public async Task Resume_AfterTheStudyFileWasEdited_IsRefusedBeforeAnythingRuns_SayingHowMuchDiffers()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-edited").FullName;
        var study = Path.Combine(dir, "st.hocon");
        File.WriteAllText(study, "name = st\ndataset = synthetic\nmodel = lenet-8\nseeds = [1]\ntraining { iterations = 20, eval-every = 10 }\nmethods = [ { name = imp, rounds = 2 } ]\n");
        var outDir = Path.Combine(dir, "out");
        var (exit, _, errors) = await InProcessCli.RunAsync("run", study, "--out", outDir, "--slots", "1", "--plain");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
        var folder = Path.Combine(outDir, "st");
        var copy = Path.Combine(folder, "study.hocon");
        File.WriteAllText(copy, File.ReadAllText(copy).Replace("rounds = 2", "rounds = 3"));   // the user extends the finished study
        var before = Snapshot(folder);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        string output;
        (exit, output, errors) = await InProcessCli.RunAsync("resume", folder, "--slots", "1", "--plain");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "refused at once, never waiting");
        Assert.That(errors.Trim().Split('\n'), Has.Length.EqualTo(1), errors);
        Assert.That(errors, Does.StartWith($"{copy} no longer matches what {folder} recorded: the study started with 3 task(s)")
            .And.Contain("the file now gives 4").And.Contain("3 of the folder's 3 result row(s) belong to tasks the file no longer has")
            .And.Contain("Restore the study file").And.Contain("actorsweep run <edited file> --out <another folder>"));
        Assert.That(output, Is.Empty, "nothing started");
        Assert.That(Snapshot(folder), Is.EqualTo(before), "nothing written");
    }

    private static Dictionary<string, (long, DateTime)> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));
}
