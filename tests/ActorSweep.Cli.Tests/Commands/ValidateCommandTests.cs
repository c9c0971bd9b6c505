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
            var output = new StringWriter();
            var errors = new StringWriter();
            Assert.That(ValidateCommand.Run(new[] { study }, output, errors), Is.EqualTo(ExitCodes.Ok), $"{study}: {errors}");
            Assert.That(output.ToString(), Does.Contain("is valid"));
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
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.That(ValidateCommand.Run(new[] { path }, output, errors), Is.EqualTo(ExitCodes.BadInput));
        var text = errors.ToString();
        Assert.That(text, Does.Contain($"{path}:5: training.iterations: expected a whole number, got 'lots'"));
        Assert.That(text, Does.Contain($"{path}:6: methods[0].name: unknown or not implemented method \"gmp\"; known methods: dense, grasp, imp, lmc, oneshot, random, rigl, set, snip, synflow"));
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!), Is.EqualTo(before));
    }

    [Test]
    public void Main_UnknownOption_IsAUsageErrorListingTheKnownOptions()
    {
        var code = Program.Main(new[] { "run", "x.hocon", "--slotz", "2" }).GetAwaiter().GetResult();
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
    }

    [Test]
    public void Run_IntoAFolderThatHoldsResults_RefusesAndChangesNothing()
    {
        var path = Write("name = s\ndataset = synthetic\nmodel = lenet-8\nseeds = [1]\ntraining.iterations = 10\nmethods = [ { name = dense } ]\n");
        var outDir = Directory.CreateTempSubdirectory("actorsweep-out").FullName;
        var trials = Path.Combine(outDir, "s", "trials");
        Directory.CreateDirectory(trials);
        File.WriteAllText(Path.Combine(trials, "part-000001-x.parquet"), "existing");
        var errors = new StringWriter();
        var code = RunCommand.RunAsync(new[] { path, "--out", outDir, "--plain" }, new StringWriter(), errors).GetAwaiter().GetResult();
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain("already exist; nothing was changed"));
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
        var errors = new StringWriter();
        var code = ResumeCommand.RunAsync(new[] { dir }, new StringWriter(), errors).GetAwaiter().GetResult();
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors.ToString(), Does.Contain(dir).And.Contain("not a study folder"));
    }
}
