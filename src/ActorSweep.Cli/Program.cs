using ActorSweep.Cli.Console;

namespace ActorSweep.Cli;

/// <summary>The composition root: the command line wires Core, Training, Results and Cluster.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static Task<int> Main(string[] args) => ActorSweepCli.InvokeAsync(args, System.Console.Out, System.Console.Error);
}
