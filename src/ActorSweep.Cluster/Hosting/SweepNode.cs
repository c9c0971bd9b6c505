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
    private readonly IReadOnlyList<string> _seeds;
    private readonly TaskCompletionSource<string> _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SweepNode(ActorSystem system, IActorRef coordinator, IActorRef? monitor, IReadOnlyList<string> seeds)
    {
        _seeds = seeds;
        System = system;
        Coordinator = coordinator;
        _monitor = monitor;
        var refused = _refused;
        system.ActorOf(Props.Create(() => new RefusalWatch(refused)), "refusal-watch");
    }

    /// <summary>
    /// Completes once a slot of this node was taken out of service (its task hung) and every other slot is idle and drained:
    /// the node cannot be mended in-process (a stuck native call holds its thread), so its host should exit for its launcher
    /// to restart it. <paramref name="told"/> hears each slot taken out of service, at once. Call once, on a node with slots.
    /// </summary>
    public Task<string> WhenOutOfServiceAsync(int slots, Action<string> told)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        System.ActorOf(Props.Create(() => new SlotServiceWatch(slots, told, done)), "slot-service-watch");
        return done.Task;
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
        // Several seeds are a coordinator and its standby, which listens only once it has taken over: a problem is worth
        // saying when no seed is reachable.
        var verdicts = seeds.Select(seed => SeedProbe.Probe(seed, identity, handshake: false)).ToList();
        if (verdicts.Count > 0 && verdicts.All(v => v.Outcome != SeedProbe.Outcome.Reachable))
            options.JoinProblem?.Invoke($"{verdicts[0].Reason}; trying to join for up to {settings.JoinTimeout.TotalSeconds:0} s (actorsweep.join-timeout)");
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
                Core.Coordination.CoordinatorState.For(coordinator.Graph, settings.MaxAttempts, settings.NodeFaultLimit, settings.Scheduling), coordinator.LogFile,
                coordinator.Standbys), "monitor");
            system.ActorOf(ClusterSingletonManager.Props(
                CoordinatorActor.Props(coordinator.Graph, coordinator.Store, coordinator.JournalOrDefault.PersistenceIdFor(coordinator.Graph.Study), settings, time, monitor, hub, coordinator.Reuse, coordinator.ResultsVersion),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(Roles.Coordinator)), "coordinator");
        }
        var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/coordinator",
            ClusterSingletonProxySettings.Create(system).WithRole(Roles.Coordinator)), "coordinator-proxy");
        if (worker is not null)
            system.ActorOf(WorkerActor.Props(proxy, worker.RunnerForDevice, worker.Devices, cluster.SelfAddress.ToString(), settings, time, worker.Artifacts), "worker");
        return new SweepNode(system, proxy, monitor, seeds);
    }

    /// <summary>
    /// Completes once a coordinator-role member has been seen and then is gone from the cluster, saying how:
    /// <see cref="CoordinatorLoss.Left"/> at once when it left gracefully (the study ended), <see cref="CoordinatorLoss.Vanished"/>
    /// 10 s after it stopped being Up otherwise (it died, froze, or a partition separates it), <see cref="CoordinatorLoss.NodeDowned"/>
    /// when this node's own membership ended (the split-brain resolver downed this side); or <see cref="CoordinatorLoss.Cancelled"/>.
    /// </summary>
    public async Task<CoordinatorLoss> WhenCoordinatorGoneAsync(CancellationToken cancellation)
    {
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IActorRef watch;
        try { watch = System.ActorOf(Props.Create(() => new CoordinatorLeaveWatch(left)), "coordinator-leave-watch"); }
        catch (Exception) when (System.WhenTerminated.IsCompleted) { return CoordinatorLoss.NodeDowned; }
        var cluster = Akka.Cluster.Cluster.Get(System);
        var seen = false;
        DateTime? goneSince = null;
        try
        {
            while (true)
            {
                if (cancellation.IsCancellationRequested) return CoordinatorLoss.Cancelled;
                if (left.Task.IsCompleted) return CoordinatorLoss.Left;
                if (System.WhenTerminated.IsCompleted || cluster.IsTerminated) return CoordinatorLoss.NodeDowned;
                var present = cluster.State.Members.Any(m => m.HasRole(Roles.Coordinator) && m.Status == Akka.Cluster.MemberStatus.Up)
                              && !cluster.State.Unreachable.Any(m => m.HasRole(Roles.Coordinator));
                if (present) { seen = true; goneSince = null; }
                else if (seen) goneSince ??= DateTime.UtcNow;
                // A standby among the seeds that has started listening has taken the study over (it does only once the active
                // coordinator's journal lock is gone): follow it now, rather than wait for the failure detector and the
                // split-brain resolver.
                if (seen && _seeds.Count > 1 && StandbyListening(cluster)) return CoordinatorLoss.Vanished;
                if (goneSince is { } t && DateTime.UtcNow - t > TimeSpan.FromSeconds(10)) return CoordinatorLoss.Vanished;
                try { await Task.WhenAny(left.Task, System.WhenTerminated, Task.Delay(500, cancellation)).ConfigureAwait(false); } catch (TaskCanceledException) { }
            }
        }
        finally
        {
            if (!System.WhenTerminated.IsCompleted) System.Stop(watch);
        }
    }

    /// <summary>Whether a seed other than the coordinators this node knows accepts connections (a standby that took over).</summary>
    private bool StandbyListening(Akka.Cluster.Cluster cluster)
    {
        if (_seeds.Count < 2) return false;
        var known = cluster.State.Members.Where(m => m.HasRole(Roles.Coordinator)).Select(m => $"{m.Address.Host}:{m.Address.Port}").ToHashSet(StringComparer.Ordinal);
        return _seeds.Where(seed => !known.Contains(SeedProbe.HostPort(seed)))
            .Any(seed => SeedProbe.Probe(seed, null, handshake: false, TimeSpan.FromMilliseconds(500)).Outcome == SeedProbe.Outcome.Reachable);
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

    /// <summary>
    /// Stops the actor system without leaving the cluster first: for a node whose coordinator is gone, where a graceful
    /// leave would wait on a leader that does not answer. The cluster downs this incarnation in its own time.
    /// </summary>
    public async Task AbandonAsync()
    {
        if (System.WhenTerminated.IsCompleted) return;
        await System.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

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

/// <summary>How a worker lost its coordinator (<see cref="SweepNode.WhenCoordinatorGoneAsync"/>).</summary>
public enum CoordinatorLoss
{
    /// <summary>It left the cluster gracefully: the study ended.</summary>
    Left,

    /// <summary>It stopped being reachable and Up for 10 s: dead, frozen, or cut off by a partition.</summary>
    Vanished,

    /// <summary>This node's own membership ended (downed by the split-brain resolver, or its actor system stopped).</summary>
    NodeDowned,

    /// <summary>The wait was cancelled (a signal).</summary>
    Cancelled,
}

/// <summary>Drains a node's slots once one is out of service, and completes when none is left working.</summary>
internal sealed class SlotServiceWatch : ReceiveActor
{
    public SlotServiceWatch(int slots, Action<string> told, TaskCompletionSource<string> done)
    {
        var outOfService = new List<SlotOutOfService>();
        var drained = new HashSet<string>(StringComparer.Ordinal);
        void Check()
        {
            if (outOfService.Count > 0 && outOfService.Count + drained.Count(d => outOfService.All(o => o.Slot != d)) >= slots)
                done.TrySetResult(string.Join("; ", outOfService.Select(o => $"slot {o.Slot.Split('/').Last()} {o.Reason} (task {o.TaskId})")));
        }
        Receive<SlotOutOfService>(o =>
        {
            outOfService.Add(o);
            told($"slot {o.Slot.Split('/').Last()} taken out of service: task {o.TaskId} {o.Reason}; its lease went to another slot");
            if (outOfService.Count == 1) Context.ActorSelection("/user/worker/*/*").Tell(DrainSlot.Instance);
            Check();
        });
        Receive<SlotDrained>(d => { drained.Add(d.Slot); Check(); });
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(SlotOutOfService));
        Context.System.EventStream.Subscribe(Self, typeof(SlotDrained));
    }
}

/// <summary>Completes a node's <see cref="SweepNode.Refused"/> when one of its slots is refused by the coordinator.</summary>
internal sealed class RefusalWatch : ReceiveActor
{
    public RefusalWatch(TaskCompletionSource<string> refused) => Receive<Protocol.WorkRefused>(r => refused.TrySetResult(r.Reason));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Protocol.WorkRefused));
}
