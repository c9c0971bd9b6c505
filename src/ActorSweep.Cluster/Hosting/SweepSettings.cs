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
            Scheduling = c.GetString("scheduling", "critical-path") switch
            {
                "critical-path" => Core.Coordination.Scheduling.CriticalPath,
                "graph-order" => Core.Coordination.Scheduling.GraphOrder,
                var other => throw new ConfigurationException($"actorsweep.scheduling = '{other}' is not a scheduling; expected critical-path or graph-order"),
            },
        };
    }
}
