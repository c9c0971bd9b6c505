using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep worker --seed HOST:PORT [--cache DIR | --out DIR] [--slots N] [--devices cpu|cuda:0,…] [--threads N] [--host H] [--port P]</c>:
/// a worker node whose slots pull tasks from the coordinator. By default artifacts move through the
/// cluster: a task's inputs are fetched from the coordinator's node into this node's content-addressed
/// cache (<c>--cache</c>, default <c>$XDG_CACHE_HOME/actorsweep</c> or <c>~/.cache/actorsweep</c>) and its
/// outputs uploaded back. With <c>--out DIR</c> (shared-filesystem mode) artifacts are read and written
/// in the study folders under DIR, which every node must see. Exits once the coordinator has left the
/// cluster, or on Ctrl-C.
/// </summary>
public static class WorkerCommand
{
    private static readonly string[] Valued = { "seed", "out", "cache", "slots", "devices", "threads", "host", "port", "config" };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, Valued, Array.Empty<string>());
        if (a.Positionals.Count > 0) throw new UsageException($"worker takes no positional arguments, got '{a.Positionals[0]}'");
        var seed = a.Get("seed") ?? throw new UsageException("worker needs --seed HOST:PORT (the coordinator's address)");
        var parts = seed.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], out var seedPort) || seedPort is < 1 or > 65535)
            throw new UsageException($"--seed: expected HOST:PORT, got '{seed}'");
        var sharedOut = a.Get("out");
        if (sharedOut is not null && a.Get("cache") is not null) throw new UsageException("--out (shared filesystem) and --cache (artifacts through the cluster) exclude each other");
        var threads = a.GetInt("threads", 1, 1, 256);
        var devices = Devices.Parse(a.Get("devices", "cpu")!, a.GetInt("slots", Environment.ProcessorCount, 1, 1024));
        var configFile = a.Get("config");
        if (configFile is not null && !File.Exists(configFile)) throw new UsageException($"--config: file '{configFile}' not found");
        var options = new NodeOptions(a.Get("host", "127.0.0.1")!, a.GetInt("port", 0, 0, 65535),
            new[] { RemotingTls.SeedAddress(SweepConfig.Load(configFile), $"{parts[0]}:{seedPort}") }, configFile);
        WorkerRole worker;
        string where;
        if (sharedOut is not null)
        {
            worker = new WorkerRole(device => Runners.Create(study => StudyLayout.For(sharedOut, study), device, threads), devices);
            where = $"artifacts in the shared folder {Path.GetFullPath(sharedOut)}";
        }
        else
        {
            var cache = new NodeArtifactCache(a.Get("cache") ?? DefaultCache());
            worker = new WorkerRole(device => Runners.Create(cache.LayoutOf, device, threads), devices, new ArtifactClient(cache));
            where = $"artifacts through the cluster, cached in {cache.Root}";
        }

        await using var node = SweepNode.Start(options, null, worker, TimeProvider.System);
        output.WriteLine($"worker {node.Address}: {devices.Count} slot(s) [{string.Join(", ", devices)}] joined {seed}; {where}");
        using var cancel = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        await node.WhenCoordinatorGoneAsync(cancel.Token).ConfigureAwait(false);
        output.WriteLine(cancel.IsCancellationRequested ? "worker interrupted" : "the coordinator left the cluster; worker stopping");
        return cancel.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static string DefaultCache()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "actorsweep");
    }
}
