using Akka.Configuration;

namespace ActorSweep.Cluster.Hosting;

/// <summary>The <c>actorsweep { }</c> section of the Akka configuration, typed.</summary>
public sealed record SweepSettings(
    int MaxAttempts,
    TimeSpan SlotBackoffMin,
    TimeSpan SlotBackoffMax,
    TimeSpan WorkRequestInterval,
    int ResultsBatchSize,
    TimeSpan ResultsFlushInterval,
    TimeSpan JoinTimeout,
    int SnapshotEvery,
    int NodeFaultLimit)
{
    /// <summary>How the coordinator orders ready tasks (<c>actorsweep.scheduling</c>).</summary>
    public Core.Coordination.Scheduling Scheduling { get; init; } = Core.Coordination.Scheduling.CriticalPath;

    /// <summary>
    /// Whether a slot that starts a task asks for the next one and holds it queued (<c>actorsweep.prefetch</c>), so that
    /// it starts it without a round trip to the coordinator when its task ends.
    /// </summary>
    public bool Prefetch { get; init; } = true;

    /// <summary>
    /// How long a worker that lost its coordinator (it vanished from the cluster, or a partition downed this node) keeps
    /// trying to rejoin it before it leaves (<c>actorsweep.rejoin-grace</c>); zero leaves at once, as releases before did.
    /// </summary>
    public TimeSpan RejoinGrace { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The progress watchdog (<c>actorsweep.hung-task</c>): a running task whose reported iteration has not advanced for the
    /// larger of <see cref="HungTaskWatch.After"/> and <see cref="HungTaskWatch.Factor"/> × its expected duration is hung.
    /// </summary>
    public HungTaskWatch HungTask { get; init; } = HungTaskWatch.Default;

    /// <summary>Reads the section (defaults come from the embedded hocon/actorsweep.conf).</summary>
    public static SweepSettings From(Config config)
    {
        var c = config.GetConfig("actorsweep");
        return new SweepSettings(
            c.GetInt("max-attempts"),
            c.GetTimeSpan("slot-backoff-min"),
            c.GetTimeSpan("slot-backoff-max"),
            c.GetTimeSpan("work-request-interval"),
            c.GetInt("results-batch-size"),
            c.GetTimeSpan("results-flush-interval"),
            c.GetTimeSpan("join-timeout"),
            c.GetInt("snapshot-every", 5000),
            c.GetInt("node-fault-limit", 3))
        {
            Prefetch = c.GetBoolean("prefetch", true),
            RejoinGrace = c.GetTimeSpan("rejoin-grace", TimeSpan.FromMinutes(3)),
            HungTask = new HungTaskWatch(c.GetTimeSpan("hung-task.after", TimeSpan.FromMinutes(10)), c.GetDouble("hung-task.factor", 5),
                c.GetTimeSpan("hung-task.check-every", TimeSpan.FromSeconds(5))),
            Scheduling = c.GetString("scheduling", "critical-path") switch
            {
                "critical-path" => Core.Coordination.Scheduling.CriticalPath,
                "graph-order" => Core.Coordination.Scheduling.GraphOrder,
                var other => throw new ConfigurationException($"actorsweep.scheduling = '{other}' is not a scheduling; expected critical-path or graph-order"),
            },
        };
    }
}

/// <summary>
/// When a running task counts as hung: its iteration has not advanced for the larger of <paramref name="After"/> and
/// <paramref name="Factor"/> × its expected duration (the study's observed seconds per unit of work × the task's work);
/// checked every <paramref name="CheckEvery"/>. <paramref name="After"/> zero turns the watchdog off.
/// </summary>
public sealed record HungTaskWatch(TimeSpan After, double Factor, TimeSpan CheckEvery)
{
    /// <summary>10 minutes or 5 × the expected duration, checked every 5 s.</summary>
    public static readonly HungTaskWatch Default = new(TimeSpan.FromMinutes(10), 5, TimeSpan.FromSeconds(5));

    /// <summary>False when <see cref="After"/> is zero.</summary>
    public bool Enabled => After > TimeSpan.Zero;

    /// <summary>The stall limit of a task expected to take <paramref name="expected"/> (null: nothing observed yet).</summary>
    public TimeSpan LimitFor(TimeSpan? expected) =>
        expected is { } e && e * Factor > After ? e * Factor : After;
}
