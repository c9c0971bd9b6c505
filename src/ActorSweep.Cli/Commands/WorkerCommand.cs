using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep worker --seed HOST:PORT [--out DIR] [--slots N] [--devices cpu|cuda:0,…] [--threads N] [--host H] [--port P]</c>:
/// a worker node whose slots pull tasks from the coordinator. Artifacts are read and written under
/// <c>--out</c> (shared-filesystem mode: every node must see the same folder). Exits once the
/// coordinator has left the cluster, or on Ctrl-C.
/// </summary>
public static class WorkerCommand
{
    private static readonly string[] Valued = { "seed", "out", "slots", "devices", "threads", "host", "port", "config" };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, Valued, Array.Empty<string>());
        if (a.Positionals.Count > 0) throw new UsageException($"worker takes no positional arguments, got '{a.Positionals[0]}'");
        var seed = a.Get("seed") ?? throw new UsageException("worker needs --seed HOST:PORT (the coordinator's address)");
        var parts = seed.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], out var seedPort) || seedPort is < 1 or > 65535)
            throw new UsageException($"--seed: expected HOST:PORT, got '{seed}'");
        var outDir = a.Get("out", "out")!;
        var threads = a.GetInt("threads", 1, 1, 256);
        var devices = Devices.Parse(a.Get("devices", "cpu")!, a.GetInt("slots", Environment.ProcessorCount, 1, 1024));
        var options = new NodeOptions(a.Get("host", "127.0.0.1")!, a.GetInt("port", 0, 0, 65535),
            new[] { $"akka.tcp://{NodeOptions.SystemName}@{parts[0]}:{seedPort}" }, a.Get("config"));
        var worker = new WorkerRole(device => Runners.Create(study => StudyLayout.For(outDir, study), device, threads), devices);

        await using var node = SweepNode.Start(options, null, worker, TimeProvider.System);
        output.WriteLine($"worker {node.Address}: {devices.Count} slot(s) [{string.Join(", ", devices)}] joined {seed}; artifacts under {Path.GetFullPath(outDir)}");
        using var cancel = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        await node.WhenCoordinatorGoneAsync(cancel.Token).ConfigureAwait(false);
        output.WriteLine(cancel.IsCancellationRequested ? "worker interrupted" : "the coordinator left the cluster; worker stopping");
        return cancel.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }
}
