using System.CommandLine;
using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep worker --seed HOST:PORT [--cache DIR | --out DIR] [--slots N] [--devices cpu|cuda:0,…] [--threads N] [--host H] [--port P] [--log FILE]</c>:
/// a worker node whose slots pull tasks from the coordinator. It checks its devices first and refuses one it
/// cannot use. By default artifacts move through the cluster: a task's inputs are fetched from the coordinator's
/// node into this node's content-addressed cache (<c>--cache</c>, default <c>$XDG_CACHE_HOME/actorsweep</c> or
/// <c>~/.cache/actorsweep</c>) and its outputs uploaded back. With <c>--out DIR</c> (shared-filesystem mode)
/// artifacts are read and written in the study folders under DIR, which every node must see. Exits once the
/// coordinator has left the cluster, or on SIGINT/SIGTERM; a node that cannot join says why at once and exits 2
/// (nothing listens at the seed within <c>--join-timeout</c>, TLS on one side only, a certificate not pinned).
/// </summary>
public static class WorkerCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors, ProcessSignals signals)
    {
        var seed = new Option<string>("--seed") { Description = "the coordinator's HOST:PORT", Required = true };
        var outDir = new Option<string?>("--out") { Description = "shared folder holding the study folders (instead of moving artifacts through the cluster)" };
        var cache = new Option<string?>("--cache") { Description = "this node's artifact cache [default: $XDG_CACHE_HOME/actorsweep or ~/.cache/actorsweep]" };
        var slots = CommonOptions.Slots();
        var devices = CommonOptions.Devices();
        var threads = CommonOptions.Threads();
        var host = CommonOptions.Host();
        var port = CommonOptions.WholeNumber("--port", "remoting port of this node (0 picks a free one)", 0, 0, 65535);
        var config = CommonOptions.Config();
        var log = new Option<string?>("--log") { Description = "log file (full errors, Akka's log) [default: <cache>/logs/worker-<pid>.log]" };
        var joinTimeout = CommonOptions.JoinTimeout();
        var command = new Command("worker", "a worker node that joins a coordinator's cluster") { seed, outDir, cache, slots, devices, threads, host, port, config, log, joinTimeout };
        command.SetAction((p, _) => RunAsync(p.GetValue(seed)!, p.GetValue(outDir), p.GetValue(cache), p.GetValue(slots), p.GetValue(devices)!, p.GetValue(threads),
            p.GetValue(host)!, p.GetValue(port), p.GetValue(config), p.GetValue(log), signals, output, errors, p.GetValue(joinTimeout)));
        return command;
    }

    /// <summary>Runs the node; returns the exit code.</summary>
    public static async Task<int> RunAsync(string seed, string? sharedOut, string? cacheDir, int slots, string devicesText, int threads, string host, int port,
        string? configFile, string? logFile, ProcessSignals signals, TextWriter output, TextWriter errors, int joinTimeoutSeconds = 0)
    {
        var parts = seed.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], out var seedPort) || seedPort is < 1 or > 65535)
            throw new UsageException($"--seed: expected HOST:PORT, got '{seed}'");
        if (sharedOut is not null && cacheDir is not null) throw new UsageException("--out (shared filesystem) and --cache (artifacts through the cluster) exclude each other");
        var devices = Devices.Parse(devicesText, slots);
        DeviceChecks.Require(devices);
        var options = new NodeOptions(host, port, new[] { RemotingTls.SeedAddress(SweepConfig.Load(configFile), $"{parts[0]}:{seedPort}") }, configFile)
        {
            ExtraConfig = Logging.AkkaConfig + "\n" + CommonOptions.JoinTimeoutConfig(joinTimeoutSeconds),
            JoinProblem = problem => errors.WriteLine($"worker: {problem}"),
        };
        WorkerRole worker;
        string where;
        var cacheRoot = cacheDir ?? UserCache.Root;
        if (sharedOut is not null)
        {
            worker = new WorkerRole(device => Runners.Create(study => StudyLayout.For(sharedOut, study), device, threads), devices);
            where = $"artifacts in the shared folder {Path.GetFullPath(sharedOut)}";
        }
        else
        {
            var cache = new NodeArtifactCache(cacheRoot);
            worker = new WorkerRole(device => Runners.Create(cache.LayoutOf, device, threads), devices, new ArtifactClient(cache));
            where = $"artifacts through the cluster, cached in {cache.Root}";
        }
        var log = logFile ?? Path.Combine(cacheRoot, "logs", $"worker-{Environment.ProcessId}.log");
        using (Logging.ToFile(log, errors))
        {
            await using var node = SweepNode.Start(options, null, worker, TimeProvider.System);
            output.WriteLine($"worker {node.Address}: {devices.Count} slot(s) [{string.Join(", ", devices)}] joined {seed}; {where}; log {log}");
            using var refusedOrGone = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
            var gone = node.WhenCoordinatorGoneAsync(refusedOrGone.Token);
            if (await Task.WhenAny(gone, node.Refused).ConfigureAwait(false) == node.Refused)
            {
                await refusedOrGone.CancelAsync().ConfigureAwait(false);
                errors.WriteLine($"worker: {node.Refused.Result}");
                return ExitCodes.BadInput;
            }
            output.WriteLine(signals.Signalled ? "worker stopping on a signal" : "the coordinator left the cluster; worker stopping");
            return signals.Signalled ? signals.ExitCode : ExitCodes.Ok;
        }
    }
}
