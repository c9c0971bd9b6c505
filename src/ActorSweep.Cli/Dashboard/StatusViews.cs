using ActorSweep.Cluster.Protocol;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Dashboard;

/// <summary>Builds the <see cref="StatusView"/> from a live coordinator's status or from a journal replay.</summary>
public static class StatusViews
{
    /// <summary>From the running coordinator: every known slot per node, idle ones included.</summary>
    public static StatusView FromLive(StudyStatus s, string? coordinator, TimeSpan? eta, DateTimeOffset now)
    {
        var running = s.Running.ToDictionary(r => r.Worker, StringComparer.Ordinal);
        var slots = s.Slots.Select(x => (x.Node, x.Worker)).Concat(s.Running.Select(r => (r.Node, r.Worker))).Distinct().ToList();
        var nodes = slots.Select(x => x.Node).Concat(s.ExcludedNodes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(node => new NodeView(node, !s.ExcludedNodes.ContainsKey(node), s.ExcludedNodes.GetValueOrDefault(node),
                slots.Where(x => x.Node == node).Select(x => x.Worker).Order(StringComparer.Ordinal)
                    .Select(w => new SlotView(w, running.TryGetValue(w, out var r) ? Task(r.Spec, r.Attempt, r.Progress) : null)).ToList()))
            .ToList();
        var counts = Counts(s.Counts) with { Running = s.RunningCount, Queued = s.Queued.Count, Reused = s.Reused };
        return new StatusView(s.Study, "live", coordinator, now, s.Total, counts, s.Finished, s.Done,
            s.Done ? 0 : eta?.TotalSeconds, nodes, s.Problems.Select(p => Problem(p.Spec, p.Phase, p.Failures, p.Error)).ToList(), s.RecentFailures,
            s.Stalled?.Describe(now.UtcDateTime))
        {
            ActiveCoordinator = s.ActiveCoordinator,
            Standbys = s.Standbys,
            HungSlots = s.HungSlots.Select(h => h.Describe()).ToList(),
        };
    }

    /// <summary>
    /// From the journal (no coordinator answered): the leases it held when it last wrote are shown as the
    /// nodes' slots, and the note says they are re-queued on resume.
    /// </summary>
    public static StatusView FromJournal(string study, CoordinatorState state, string? owner, DateTimeOffset now)
    {
        var leased = state.Tasks.Values.Where(t => t.Phase is TaskPhase.Leased or TaskPhase.Committing && t.Lease is not null).OrderBy(t => t.Order).ToList();
        var nodes = leased.Select(t => t.Lease!.Node).Concat(state.ExcludedNodes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(node => new NodeView(node, !state.ExcludedNodes.ContainsKey(node), state.ExcludedNodes.GetValueOrDefault(node),
                leased.Where(t => t.Lease!.Node == node).Select(t => new SlotView(t.Lease!.Worker, Task(t.Spec, t.Lease.Attempt, null))).ToList()))
            .ToList();
        var problems = state.Tasks.Values.Where(t => t.Failures > 0 || t.Phase is TaskPhase.Failed or TaskPhase.Skipped).OrderBy(t => t.Order)
            .Select(t => Problem(t.Spec, t.Phase, t.Failures, t.Error)).ToList();
        var counts = state.CountByPhase();
        var finished = counts.GetValueOrDefault(TaskPhase.Completed) + counts.GetValueOrDefault(TaskPhase.Failed) + counts.GetValueOrDefault(TaskPhase.Skipped);
        string? note = state.IsFinished ? null
            : owner is not null ? $"the coordinator ({owner}) did not answer; this is its journal"
            : $"no coordinator is running; continue with 'actorsweep resume' (tasks shown on nodes were running when it stopped and are re-queued)";
        return new StatusView(study, "journal", owner, now, state.Tasks.Count, Counts(counts) with { Reused = state.ReusedCount() }, finished, state.IsFinished, state.IsFinished ? 0 : null,
            nodes, problems, Array.Empty<string>(), note);
    }

    private static PhaseCounts Counts(IReadOnlyDictionary<TaskPhase, int> c) => new(
        c.GetValueOrDefault(TaskPhase.Pending), c.GetValueOrDefault(TaskPhase.Leased), c.GetValueOrDefault(TaskPhase.Committing),
        c.GetValueOrDefault(TaskPhase.Completed), c.GetValueOrDefault(TaskPhase.Failed), c.GetValueOrDefault(TaskPhase.Skipped));

    private static TaskView Task(TaskSpec spec, int attempt, TaskProgress? p) => new(spec.TaskId, spec.TrialId, spec.Model, spec.Method, spec.Branch, spec.Round, spec.Seed,
        attempt, p?.Iteration, p?.TotalIterations, p?.ValAccuracy);

    private static ProblemView Problem(TaskSpec spec, TaskPhase phase, int failures, string? error) => new(spec.TaskId, spec.Model, spec.Method, spec.Branch, spec.Round, spec.Seed,
        phase switch { TaskPhase.Leased => "running", _ => phase.ToString().ToLowerInvariant() }, failures, error);
}
