using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;

namespace ActorSweep.Cli.Tests.Console;

/// <summary>The command line as .NET users expect it: help for every command, typo suggestions, --version, completions.</summary>
public class CommandLineTests
{
    private static readonly string[] Commands = { "validate", "run", "resume", "coordinator", "worker", "status", "report", "fetch-data", "list", "completion" };

    [TestCaseSource(nameof(Commands))]
    public void Help_OfEachCommand_DescribesItsUsageAndOptions_WithExitZero(string command)
    {
        var (exit, output, errors) = InProcessCli.Run(command, "--help");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors);
        // The usage line names the executable (actorsweep; the test host here) and the command.
        Assert.That(output, Does.Contain("Usage:").And.Contain($" {command} ").And.Contain("--help"));
    }

    [Test]
    public void Help_OfRun_NamesEveryOptionWithItsDefault()
    {
        var (_, output, _) = InProcessCli.Run("run", "-h");
        foreach (var option in new[] { "--out", "--slots", "--devices", "--threads", "--config", "--plain", "--defaults-version" })
            Assert.That(output, Does.Contain(option));
        Assert.That(output, Does.Contain("[default: out]").And.Contain("[default: cpu]"));
    }

    [Test]
    public void TopLevelHelp_ListsEveryCommand()
    {
        var (exit, output, _) = InProcessCli.Run("--help");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        foreach (var c in Commands) Assert.That(output, Does.Contain(c));
    }

    [Test]
    public void Version_PrintsTheAssemblyVersion()
    {
        var (exit, output, _) = InProcessCli.Run("--version");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
    }

    [Test]
    public void ATypo_IsExitTwoWithASuggestion()
    {
        var (exit, output, errors) = InProcessCli.Run("stauts");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(output + errors, Does.Contain("Did you mean").And.Contain("status"));
    }

    [Test]
    public void CompletionScript_AsksActorSweepForSuggestions()
    {
        var (exit, output, _) = InProcessCli.Run("completion", "bash");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok));
        Assert.That(output, Does.Contain("[suggest:").And.Contain("complete -o default -F _actorsweep_complete actorsweep"));
        var root = ActorSweepCli.Root(TextWriter.Null, TextWriter.Null, new ProcessSignals());
        var suggestions = root.Parse("run --sl").GetCompletions().Select(c => c.Label);
        Assert.That(suggestions, Does.Contain("--slots"), "what the script's [suggest] call answers");
    }
}
