using System.CommandLine;
using System.CommandLine.Invocation;
using ActorSweep.Cli.Commands;
using ActorSweep.Cluster.Hosting;

namespace ActorSweep.Cli.Console;

/// <summary>
/// The command line (System.CommandLine): every command with its options, per-command <c>--help</c> (exit 0),
/// typo suggestions, <c>--version</c> and completions (<c>actorsweep completion bash</c>). Usage errors are
/// exit 2 with one line per problem; errors no command expected are one line on the console, the stack trace
/// in the log.
/// </summary>
public static class ActorSweepCli
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter errors, ProcessSignals? signals = null)
    {
        var ownSignals = signals is null ? new ProcessSignals() : null;
        var s = signals ?? ownSignals!;
        try
        {
            var root = Root(output, errors, s);
            var parse = root.Parse(args);
            var configuration = new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            if (parse.Errors.Count > 0)
            {
                if (parse.Action is ParseErrorAction shown) shown.ShowHelp = false;
                await parse.InvokeAsync(configuration).ConfigureAwait(false);   // the errors, with "did you mean" suggestions
                errors.WriteLine($"see 'actorsweep {CommandPath(parse)}--help'");
                return ExitCodes.BadInput;
            }
            try { return await parse.InvokeAsync(configuration, s.Token).ConfigureAwait(false); }
            catch (UsageException e)
            {
                errors.WriteLine($"actorsweep: {e.Message}");
                errors.WriteLine($"see 'actorsweep {CommandPath(parse)}--help'");
                return ExitCodes.BadInput;
            }
            catch (Exception e) when (e is TlsConfigurationException or JournalConfigurationException or ClusterJoinException)
            {
                errors.WriteLine($"actorsweep: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException) when (s.Signalled)
            {
                return s.ExitCode;
            }
            catch (Exception e)
            {
                Serilog.Log.Error(e, "unexpected error");
                errors.WriteLine($"actorsweep: unexpected error: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                return ExitCodes.TasksFailed;
            }
        }
        finally
        {
            ownSignals?.Dispose();
        }
    }

    /// <summary>The command tree.</summary>
    public static RootCommand Root(TextWriter output, TextWriter errors, ProcessSignals signals) =>
        new("ActorSweep: lottery-ticket and dynamic-sparse-training studies on an Akka.NET cluster. Exit codes: 0 ok, 1 some tasks failed, " +
            "2 bad input, 130 interrupted (SIGINT), 143 terminated (SIGTERM).")
        {
            ValidateCommand.Create(output, errors),
            RunCommand.Create(output, errors, signals),
            ResumeCommand.Create(output, errors, signals),
            CoordinatorCommand.Create(output, errors, signals),
            WorkerCommand.Create(output, errors, signals),
            StatusCommand.Create(output, errors),
            ReportCommand.Create(output, errors),
            DashboardCommand.Create(output, errors, signals),
            FetchDataCommand.Create(output, errors),
            CorruptionsCommand.Create(output, errors),
            ListCommand.Create(output),
            CompletionCommand.Create(output),
        };

    private static string CommandPath(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ";
}
