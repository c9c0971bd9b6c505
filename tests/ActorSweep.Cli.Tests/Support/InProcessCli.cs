using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Tests.Support;

/// <summary>Runs the command line in this process, as the executable would, with captured output.</summary>
public static class InProcessCli
{
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        using var signals = new ProcessSignals();
        var code = await ActorSweepCli.InvokeAsync(args, output, errors, signals);
        return (code, output.ToString(), errors.ToString());
    }

    public static (int Exit, string Output, string Errors) Run(params string[] args) => RunAsync(args).GetAwaiter().GetResult();
}
