using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Tools.Singleton;
using ActorSweep.Cluster.Artifacts;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Protocol;
using ActorSweep.Cluster.Trainer;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// One cluster node: an ActorSystem with the cluster provider, the coordinator singleton when it has
/// the coordinator role, and trainer slots when it has the worker role. The embedded single-node run
/// is this same code with both roles and no seeds.
/// </summary>
public sealed class SweepNode : IAsyncDisposable
{
    private SweepNode(ActorSystem system, IActorRef coordinator)
    {
        System = system;
        Coordinator = coordinator;
    }

    /// <summary>The node's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>A proxy to the coordinator singleton, wherever it runs.</summary>
    public IActorRef Coordinator { get; }

    /// <summary>This node's cluster address.</summary>
    public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();

    /// <summary>Starts a node and joins the cluster (or forms a one-node cluster without seeds).</summary>
    public static SweepNode Start(NodeOptions options, CoordinatorRole? coordinator, WorkerRole? worker, TimeProvider time)
    {
        var roles = new List<string>();
        if (coordinator is not null) roles.Add(Roles.Coordinator);
        if (worker is not null) roles.Add(Roles.Worker);
        var config = SweepConfig.ForNode(roles, options.Host, options.Port, options.Seeds ?? Array.Empty<string>(), options.ConfigFile, options.ExtraConfig)
            .WithFallback((coordinator?.JournalOrDefault ?? new JournalSettings.InMemory()).ToAkkaConfig());
        var tls = RemotingTls.From(config, options.ConfigFile ?? "hocon/actorsweep.conf");
        if (tls is { } t) config = t.Config.WithFallback(config);
        var settings = SweepSettings.From(config);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var system = tls is { } withTls
            ? ActorSystem.Create(NodeOptions.SystemName, ActorSystemSetup.Create(bootstrap, withTls.Setup))
            : ActorSystem.Create(NodeOptions.SystemName, bootstrap);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (options.Seeds is null || options.Seeds.Count == 0) cluster.Join(cluster.SelfAddress);
        // Singleton manager and proxy start once this node is Up; started earlier, the proxy only
        // logs failed identification attempts while the node is still joining.
        if (!up.Task.Wait(settings.JoinTimeout))
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
            throw new TimeoutException($"this node did not join the cluster within {settings.JoinTimeout.TotalSeconds:0} s (seeds: {string.Join(", ", options.Seeds ?? Array.Empty<string>())})");
        }

        if (coordinator is not null)
        {
            var hub = coordinator.ArtifactsRoot is null ? null : system.ActorOf(ArtifactHubActor.Props(coordinator.ArtifactsRoot), "artifacts");
            var monitor = system.ActorOf(StudyMonitorActor.Props(coordinator.Graph.Study,
                Core.Coordination.CoordinatorState.For(coordinator.Graph, settings.MaxAttempts, settings.NodeFaultLimit, settings.Scheduling), coordinator.LogFile), "monitor");
            system.ActorOf(ClusterSingletonManager.Props(
                CoordinatorActor.Props(coordinator.Graph, coordinator.Store, coordinator.JournalOrDefault.PersistenceIdFor(coordinator.Graph.Study), settings, time, monitor, hub),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(Roles.Coordinator)), "coordinator");
        }
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/coordinator",
            ClusterSingletonProxySettings.Create(system).WithRole(Roles.Coordinator)), "coordinator-proxy");
        if (worker is not null)
            system.ActorOf(WorkerActor.Props(proxy, worker.RunnerForDevice, worker.Devices, cluster.SelfAddress.ToString(), settings, time, worker.Artifacts), "worker");
        return new SweepNode(system, proxy);
    }

    /// <summary>
    /// Completes once a coordinator-role member has been seen and then is gone from the cluster for
    /// 10 s (the study ended or the coordinator died and is not coming back), or on cancellation.
    /// </summary>
    public async Task WhenCoordinatorGoneAsync(CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(System);
        var seen = false;
        DateTime? goneSince = null;
        while (!cancellation.IsCancellationRequested && !System.WhenTerminated.IsCompleted)
        {
            var present = cluster.State.Members.Any(m => m.HasRole(Roles.Coordinator) && m.Status == Akka.Cluster.MemberStatus.Up);
            if (present) { seen = true; goneSince = null; }
            else if (seen) goneSince ??= DateTime.UtcNow;
            if (goneSince is { } t && DateTime.UtcNow - t > TimeSpan.FromSeconds(10)) return;
            try { await Task.Delay(500, cancellation).ConfigureAwait(false); } catch (TaskCanceledException) { return; }
        }
    }

    /// <summary>
    /// A plain member of the cluster <paramref name="seed"/> names, with no role and a quiet log, to ask its
    /// coordinator for the study's status (<c>status</c>, the dashboard).
    /// </summary>
    public static SweepNode StartStatusClient(string seed, string? configFile, TimeProvider time) =>
        Start(new NodeOptions(Seeds: new[] { seed }, ConfigFile: configFile) { ExtraConfig = "akka.loglevel = ERROR\nakka.stdout-loglevel = OFF" }, null, null, time);

    /// <summary>The coordinator's current status.</summary>
    public Task<StudyStatus> StatusAsync(TimeSpan timeout) => Coordinator.Ask<StudyStatus>(GetStatus.Instance, timeout);

    /// <summary>Completes with the final status once every task is final and every result durable.</summary>
    public Task<StudyStatus> WaitUntilDoneAsync(CancellationToken cancellation) =>
        Coordinator.Ask<StudyStatus>(WaitUntilDone.Instance, Timeout.InfiniteTimeSpan, cancellation);

    /// <summary>Leaves the cluster and stops the actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        // Stop the proxy first: once the singleton hands over during shutdown it only logs failed lookups.
        try { await Coordinator.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (Akka.Actor.AskTimeoutException) { }
        catch (TaskCanceledException) { }
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
    }
}
