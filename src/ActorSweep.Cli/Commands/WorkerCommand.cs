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
/// A worker that loses its coordinator mid-study (it froze, a partition, this node downed by the split-brain resolver)
/// re-creates its cluster membership and keeps trying to rejoin for <c>--rejoin-grace</c> seconds
/// (<c>actorsweep.rejoin-grace</c>, 180) before it leaves. <c>--seed</c> may name several coordinators
/// (<c>HOST:PORT,HOST:PORT</c>: the active one and its standby); the worker joins whichever answers.
/// </summary>
public static class WorkerCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors, ProcessSignals signals)
    {
        var seed = new Option<string>("--seed") { Description = "the coordinator's HOST:PORT (several, comma-separated: the active coordinator and its standby)", Required = true };
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
        var rejoinGrace = CommonOptions.WholeNumber("--rejoin-grace", "seconds to keep trying to rejoin a coordinator lost mid-study before leaving [default: actorsweep.rejoin-grace, 180]", -1, -1, 86_400);
        var command = new Command("worker", "a worker node that joins a coordinator's cluster") { seed, outDir, cache, slots, devices, threads, host, port, config, log, joinTimeout, rejoinGrace };
        command.SetAction((p, _) => RunAsync(p.GetValue(seed)!, p.GetValue(outDir), p.GetValue(cache), p.GetValue(slots), p.GetValue(devices)!, p.GetValue(threads),
            p.GetValue(host)!, p.GetValue(port), p.GetValue(config), p.GetValue(log), signals, output, errors, p.GetValue(joinTimeout), p.GetValue(rejoinGrace)));
        return command;
    }

    /// <summary>Runs the node; returns the exit code.</summary>
    public static async Task<int> RunAsync(string seed, string? sharedOut, string? cacheDir, int slots, string devicesText, int threads, string host, int port,
        string? configFile, string? logFile, ProcessSignals signals, TextWriter output, TextWriter errors, int joinTimeoutSeconds = 0, int rejoinGraceSeconds = -1)
    {
        var seeds = new List<string>();
        foreach (var one in seed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = one.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[1], out var seedPort) || seedPort is < 1 or > 65535)
                throw new UsageException($"--seed: expected HOST:PORT (or several, comma-separated), got '{seed}'");
            seeds.Add(RemotingTls.SeedAddress(SweepConfig.Load(configFile), $"{parts[0]}:{seedPort}"));
        }
        if (seeds.Count == 0) throw new UsageException($"--seed: expected HOST:PORT, got '{seed}'");
        if (sharedOut is not null && cacheDir is not null) throw new UsageException("--out (shared filesystem) and --cache (artifacts through the cluster) exclude each other");
        var devices = Devices.Parse(devicesText, slots);
        DeviceChecks.Require(devices);
        var options = new NodeOptions(host, port, seeds, configFile)
        {
            // Terminate() abandons a membership at once (a lost coordinator); leaving gracefully is DisposeAsync's coordinated shutdown.
            ExtraConfig = Logging.AkkaConfig + "\n" + CommonOptions.JoinTimeoutConfig(joinTimeoutSeconds) + "\nakka.coordinated-shutdown.run-by-actor-system-terminate = off",
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
            var grace = rejoinGraceSeconds >= 0 ? TimeSpan.FromSeconds(rejoinGraceSeconds) : SweepSettings.From(SweepConfig.Load(configFile)).RejoinGrace;
            var node = SweepNode.Start(options, null, worker, TimeProvider.System);
            output.WriteLine($"worker {node.Address}: {devices.Count} slot(s) [{string.Join(", ", devices)}] joined {seed}; {where}; log {log}");
            while (true)
            {
                using var refusedOrGone = CancellationTokenSource.CreateLinkedTokenSource(signals.Token);
                var gone = node.WhenCoordinatorGoneAsync(refusedOrGone.Token);
                var outOfService = node.WhenOutOfServiceAsync(devices.Count, told => errors.WriteLine($"worker: {told}"));
                var first = await Task.WhenAny(gone, node.Refused, outOfService).ConfigureAwait(false);
                if (first == outOfService)
                {
                    await refusedOrGone.CancelAsync().ConfigureAwait(false);
                    errors.WriteLine($"worker: out of service ({outOfService.Result}); exiting with code {ExitCodes.NodeOutOfService} for the launcher to restart this worker");
                    await node.DisposeAsync().ConfigureAwait(false);
                    return ExitCodes.NodeOutOfService;
                }
                if (first == node.Refused)
                {
                    await refusedOrGone.CancelAsync().ConfigureAwait(false);
                    await node.DisposeAsync().ConfigureAwait(false);
                    errors.WriteLine($"worker: {node.Refused.Result}");
                    return ExitCodes.BadInput;
                }
                var loss = await gone.ConfigureAwait(false);
                if (loss is CoordinatorLoss.Left or CoordinatorLoss.Cancelled || signals.Signalled || grace <= TimeSpan.Zero)
                {
                    await node.DisposeAsync().ConfigureAwait(false);
                    output.WriteLine(signals.Signalled ? "worker stopping on a signal" : "the coordinator left the cluster; worker stopping");
                    return signals.Signalled ? signals.ExitCode : ExitCodes.Ok;
                }
                // Lost mid-study: a frozen coordinator, a partition, or this side downed by the split-brain resolver. Leave
                // what is left of this membership (the slots' tasks are abandoned; the coordinator re-queues them) and join
                // afresh as a new incarnation, for up to the grace period.
                var why = loss == CoordinatorLoss.NodeDowned ? "this node was downed (the coordinator's side of a partition, or the split-brain resolver, removed it)"
                                                             : "the coordinator is unreachable";
                errors.WriteLine($"worker: {why}; trying to rejoin {seed} for up to {grace.TotalSeconds:0} s (actorsweep.rejoin-grace)");
                try { await node.AbandonAsync().ConfigureAwait(false); }
                catch (TimeoutException) { errors.WriteLine("worker: the abandoned membership did not stop within 10 s; joining anyway"); }
                var rejoined = await RejoinAsync(options, worker, grace, signals.Token).ConfigureAwait(false);
                if (rejoined is null)
                {
                    output.WriteLine(signals.Signalled ? "worker stopping on a signal" : $"the coordinator did not come back within {grace.TotalSeconds:0} s; worker stopping");
                    return signals.Signalled ? signals.ExitCode : ExitCodes.Ok;
                }
                node = rejoined;
                output.WriteLine($"worker {node.Address}: rejoined {seed}");
            }
        }
    }

    /// <summary>Starts a new incarnation of this node and joins the seeds, trying until <paramref name="grace"/> has passed; null when it did not.</summary>
    private static async Task<SweepNode?> RejoinAsync(NodeOptions options, WorkerRole worker, TimeSpan grace, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + grace;
        while (!cancellation.IsCancellationRequested)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            var attempt = options with { ExtraConfig = options.ExtraConfig + $"\nactorsweep.join-timeout = {Math.Max(5, (int)left.TotalSeconds)}s", JoinProblem = null };
            try { return await Task.Run(() => SweepNode.Start(attempt, null, worker, TimeProvider.System), cancellation).ConfigureAwait(false); }
            catch (ClusterJoinException) { }
            catch (OperationCanceledException) { return null; }
            try { await Task.Delay(TimeSpan.FromSeconds(1), cancellation).ConfigureAwait(false); } catch (OperationCanceledException) { return null; }
        }
        return null;
    }
}
