using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cli.Commands;
using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Tests.Commands;

public class ValidateCommandTests
{
    private static string Write(string text)
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-cli").FullName;
        var path = Path.Combine(dir, "study.hocon");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Validate_TheShippedExperiments_AreValid()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ActorSweep.sln"))) root = Path.GetDirectoryName(root)!;
        foreach (var study in Directory.GetFiles(Path.Combine(root, "experiments"), "*.hocon"))
        {
            var (exit, output, errors) = InProcessCli.Run("validate", study);
            Assert.That(exit, Is.EqualTo(ExitCodes.Ok), $"{study}: {errors}");
            Assert.That(output, Does.Contain("is valid"));
        }
    }

    [Test]
    public void Validate_BadStudy_ExitsWithBadInputNamingFileLineKeyAndExpectation_AndWritesNothing()
    {
        var path = Write("""
            name = bad
            dataset = mnist
            model = lenet-300-100
            seeds = [1]
            training { iterations = lots }
            methods = [ { name = gmp } ]
            """);
        var before = Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!);
        var (exit, _, text) = InProcessCli.Run("validate", path);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(text, Does.Contain($"{path}:5: training.iterations: expected a whole number, got 'lots'"));
        Assert.That(text, Does.Contain($"{path}:6: methods[0].name: unknown or not implemented method \"gmp\"; known methods: card, colt, dense, dst-ensemble, early-bird, edst, elastic, grasp, imp, lmc, oneshot, random, rigl, set, snfs, snip, soup, sup-tickets, synflow"));
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!), Is.EqualTo(before));
    }

    [Test]
    public void Main_UnknownOption_IsAUsageErrorListingTheKnownOptions()
    {
        var (code, output, errors) = InProcessCli.Run("run", "x.hocon", "--slotz", "2");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(output + errors, Does.Contain("--slotz").And.Contain("Did you mean").And.Contain("--slots"));
    }

    [Test]
    public void Run_IntoAFolderThatHoldsResults_RefusesAndChangesNothing()
    {
        var path = Write("name = s\ndataset = synthetic\nmodel = lenet-8\nseeds = [1]\ntraining.iterations = 10\nmethods = [ { name = dense } ]\n");
        var outDir = Directory.CreateTempSubdirectory("actorsweep-out").FullName;
        var trials = Path.Combine(outDir, "s", "trials");
        Directory.CreateDirectory(trials);
        File.WriteAllText(Path.Combine(trials, "part-000001-x.parquet"), "existing");
        var (code, _, errors) = InProcessCli.Run("run", path, "--out", outDir, "--plain");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("already exist; nothing was changed"));
        Assert.That(File.ReadAllText(Path.Combine(trials, "part-000001-x.parquet")), Is.EqualTo("existing"));
        Assert.That(File.Exists(Path.Combine(outDir, "s", "study.hocon")), Is.False);
    }
}

public class ResumeCommandTests
{
    [Test]
    public void Resume_OfAFolderWithoutAStudy_IsBadInputNamingTheFolder()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-notastudy").FullName;
        var (code, _, errors) = InProcessCli.Run("resume", dir);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain(dir).And.Contain("not a study folder"));
    }
}
