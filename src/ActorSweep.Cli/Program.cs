using ActorSweep.Cli.Commands;
using ActorSweep.Cli.Console;

namespace ActorSweep.Cli;

/// <summary>The composition root: parses the command and wires Core, Training, Results and Cluster.</summary>
public static class Program
{
    private const string Usage = """
        usage: actorsweep <command> [arguments]

          validate <study.hocon>                 check a study file; writes nothing
          run <study.hocon> [--out DIR] [--slots N] [--devices cpu|cuda:0,cuda:1] [--threads N]
                            [--config akka.conf] [--plain]
                                                 run a study on an embedded single-node cluster
          resume <out>/<study> [--slots N] [--devices …] [--threads N] [--config akka.conf] [--plain]
                                                 continue a crashed or interrupted study
          coordinator <study.hocon | out/study> [--out DIR] [--host H] [--port P] [--config akka.conf] [--plain]
                                                 a coordinator node for multi-process / multi-host runs
          worker --seed HOST:PORT [--cache DIR | --out DIR] [--slots N] [--devices …] [--threads N] [--host H] [--port P]
                                                 a worker node that joins the coordinator's cluster;
                                                 artifacts move through the cluster into --cache,
                                                 or live in a shared folder with --out
          status <out>/<study> [--seed HOST:PORT] [--config akka.conf]
                                                 tasks per state, running tasks per node, failures
                                                 (live from the cluster, else from the journal)
          report <out>/<study> [more…] [--format text|md|csv] [--out FILE] [--plots DIR]
                                                 tables (mean ± std over seeds per method and
                                                 sparsity) and figures of one or more studies
          fetch-data [mnist] [fashion-mnist]     download and verify datasets into the cache
          list                                   known methods, models and datasets

        exit codes: 0 ok, 1 some tasks failed, 2 bad input, 130 interrupted
        """;

    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        var output = System.Console.Out;
        var errors = System.Console.Error;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }
        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "validate" => ValidateCommand.Run(rest, output, errors),
                "run" => await RunCommand.RunAsync(rest, output, errors).ConfigureAwait(false),
                "resume" => await ResumeCommand.RunAsync(rest, output, errors).ConfigureAwait(false),
                "coordinator" => await CoordinatorCommand.RunAsync(rest, output, errors).ConfigureAwait(false),
                "worker" => await WorkerCommand.RunAsync(rest, output, errors).ConfigureAwait(false),
                "status" => await StatusCommand.RunAsync(rest, output, errors).ConfigureAwait(false),
                "report" => ReportCommand.Run(rest, output, errors),
                "fetch-data" => FetchDataCommand.Run(rest, output, errors),
                "list" => ListCommand.Run(output),
                _ => throw new UsageException($"unknown command '{args[0]}'; commands: validate, run, resume, coordinator, worker, status, report, fetch-data, list"),
            };
        }
        catch (Exception e) when (e is ActorSweep.Cluster.Hosting.TlsConfigurationException or ActorSweep.Cluster.Hosting.JournalConfigurationException)
        {
            errors.WriteLine($"actorsweep: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (UsageException e)
        {
            errors.WriteLine($"actorsweep: {e.Message}");
            errors.WriteLine(Usage);
            return ExitCodes.BadInput;
        }
    }
}
