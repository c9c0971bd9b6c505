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
    private readonly IActorRef? _monitor;
    private readonly TaskCompletionSource<string> _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SweepNode(ActorSystem system, IActorRef coordinator, IActorRef? monitor)
    {
        System = system;
        Coordinator = coordinator;
        _monitor = monitor;
        var refused = _refused;
        system.ActorOf(Props.Create(() => new RefusalWatch(refused)), "refusal-watch");
    }

    /// <summary>Completes with the reason when the coordinator refuses this node's slots (<see cref="Protocol.WorkRefused"/>: another results version).</summary>
    public Task<string> Refused => _refused.Task;

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
        var seeds = options.Seeds ?? Array.Empty<string>();
        var identity = RemotingTls.Identity(config, options.ConfigFile ?? "hocon/actorsweep.conf");
        foreach (var seed in seeds)
        {
            var verdict = SeedProbe.Probe(seed, identity, handshake: false);
            if (verdict.Outcome != SeedProbe.Outcome.Reachable) options.JoinProblem?.Invoke($"{verdict.Reason}; trying to join for up to {settings.JoinTimeout.TotalSeconds:0} s (actorsweep.join-timeout)");
        }
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
        // A join that is not done in a few seconds is looked at: a seed that can never let this node in (TLS on one
        // side only, certificates not pinned) ends the wait at once, with the reason.
        var slow = TimeSpan.FromSeconds(Math.Min(3, settings.JoinTimeout.TotalSeconds));
        if (!up.Task.Wait(slow))
        {
            var refused = seeds.Select(seed => (Seed: seed, Verdict: SeedProbe.Probe(seed, identity, handshake: true)))
                .FirstOrDefault(p => p.Verdict.Outcome == SeedProbe.Outcome.Refused);
            if (refused.Seed is not null)
            {
                system.Terminate().Wait(TimeSpan.FromSeconds(10));
                throw new ClusterJoinException($"cannot join {refused.Seed}: {refused.Verdict.Reason}");
            }
        }
        if (!up.Task.Wait(settings.JoinTimeout - slow))
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
            var why = seeds.Select(seed => SeedProbe.Probe(seed, identity, handshake: true)).FirstOrDefault(v => v.Outcome != SeedProbe.Outcome.Reachable)?.Reason
                      ?? "the seed accepts connections but did not let this node in (is it an ActorSweep coordinator of this version? see the log file)";
            throw new ClusterJoinException($"this node did not join the cluster at {string.Join(", ", seeds)} within {settings.JoinTimeout.TotalSeconds:0} s (actorsweep.join-timeout): {why}");
        }

        IActorRef? monitor = null;
        if (coordinator is not null)
        {
            var hub = coordinator.ArtifactsRoot is null ? null : system.ActorOf(ArtifactHubActor.Props(coordinator.ArtifactsRoot), "artifacts");
            monitor = system.ActorOf(StudyMonitorActor.Props(coordinator.Graph.Study,
                Core.Coordination.CoordinatorState.For(coordinator.Graph, settings.MaxAttempts, settings.NodeFaultLimit, settings.Scheduling), coordinator.LogFile), "monitor");
            system.ActorOf(ClusterSingletonManager.Props(
                CoordinatorActor.Props(coordinator.Graph, coordinator.Store, coordinator.JournalOrDefault.PersistenceIdFor(coordinator.Graph.Study), settings, time, monitor, hub, coordinator.Reuse, coordinator.ResultsVersion),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(Roles.Coordinator)), "coordinator");
        }
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/coordinator",
            ClusterSingletonProxySettings.Create(system).WithRole(Roles.Coordinator)), "coordinator-proxy");
        if (worker is not null)
            system.ActorOf(WorkerActor.Props(proxy, worker.RunnerForDevice, worker.Devices, cluster.SelfAddress.ToString(), settings, time, worker.Artifacts), "worker");
        return new SweepNode(system, proxy, monitor);
    }

    /// <summary>
    /// Completes once a coordinator-role member has been seen and then is gone from the cluster: at once when it
    /// left gracefully (the study ended), 10 s after it vanished otherwise (it died and is not coming back); or on cancellation.
    /// </summary>
    public async Task WhenCoordinatorGoneAsync(CancellationToken cancellation)
    {
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = System.ActorOf(Props.Create(() => new CoordinatorLeaveWatch(left)), "coordinator-leave-watch");
        var cluster = Akka.Cluster.Cluster.Get(System);
        var seen = false;
        DateTime? goneSince = null;
        try
        {
            while (!cancellation.IsCancellationRequested && !System.WhenTerminated.IsCompleted)
            {
                var present = cluster.State.Members.Any(m => m.HasRole(Roles.Coordinator) && m.Status == Akka.Cluster.MemberStatus.Up);
                if (present) { seen = true; goneSince = null; }
                else if (seen) goneSince ??= DateTime.UtcNow;
                if (left.Task.IsCompleted || goneSince is { } t && DateTime.UtcNow - t > TimeSpan.FromSeconds(10)) return;
                try { await Task.WhenAny(left.Task, Task.Delay(500, cancellation)).ConfigureAwait(false); } catch (TaskCanceledException) { return; }
            }
        }
        finally
        {
            System.Stop(watch);
        }
    }

    /// <summary>Completes <c>left</c> when a coordinator-role member leaves gracefully (Exiting, or removed after it).</summary>
    private sealed class CoordinatorLeaveWatch : ReceiveActor
    {
        public CoordinatorLeaveWatch(TaskCompletionSource left)
        {
            Receive<Akka.Cluster.ClusterEvent.MemberExited>(e => { if (e.Member.HasRole(Roles.Coordinator)) left.TrySetResult(); });
            Receive<Akka.Cluster.ClusterEvent.MemberRemoved>(e =>
            {
                if (e.Member.HasRole(Roles.Coordinator) && e.PreviousStatus is Akka.Cluster.MemberStatus.Exiting or Akka.Cluster.MemberStatus.Leaving) left.TrySetResult();
            });
            ReceiveAny(_ => { });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, Akka.Cluster.ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(Akka.Cluster.ClusterEvent.IMemberEvent));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    /// <summary>
    /// A plain member of the cluster <paramref name="seed"/> names, with no role and a quiet log, to ask its
    /// coordinator for the study's status (<c>status</c>, the dashboard).
    /// </summary>
    /// <remarks>
    /// It does not wait for a coordinator that is not there: a seed where nothing listens is a <see cref="ClusterJoinException"/>
    /// at once, and joining gives up after 10 s. It logs nothing (a status query is not worth a log file; the coordinator's
    /// own log has the cluster's story).
    /// </remarks>
    public static SweepNode StartStatusClient(string seed, string? configFile, TimeProvider time)
    {
        var verdict = SeedProbe.Probe(seed, RemotingTls.Identity(SweepConfig.Load(configFile), configFile ?? "hocon/actorsweep.conf"), handshake: false);
        if (verdict.Outcome != SeedProbe.Outcome.Reachable) throw new ClusterJoinException(verdict.Reason);
        return Start(new NodeOptions(Seeds: new[] { seed }, ConfigFile: configFile)
            { ExtraConfig = "akka.loglevel = OFF\nakka.stdout-loglevel = OFF\nactorsweep.join-timeout = 10s" }, null, null, time);
    }

    /// <summary>The coordinator's current status (from its monitor on this node when the node coordinates).</summary>
    public Task<StudyStatus> StatusAsync(TimeSpan timeout) => (_monitor ?? Coordinator).Ask<StudyStatus>(GetStatus.Instance, timeout);

    /// <summary>
    /// Completes with the final status once every task is final and every result durable; fails when the coordinator
    /// refuses the study or stops before it finished. On the coordinator's node the local monitor is asked, which
    /// answers even when the coordinator itself is gone.
    /// </summary>
    public Task<StudyStatus> WaitUntilDoneAsync(CancellationToken cancellation) =>
        (_monitor ?? Coordinator).Ask<StudyStatus>(WaitUntilDone.Instance, Timeout.InfiniteTimeSpan, cancellation);

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

/// <summary>Completes a node's <see cref="SweepNode.Refused"/> when one of its slots is refused by the coordinator.</summary>
internal sealed class RefusalWatch : ReceiveActor
{
    public RefusalWatch(TaskCompletionSource<string> refused) => Receive<Protocol.WorkRefused>(r => refused.TrySetResult(r.Reason));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Protocol.WorkRefused));
}
