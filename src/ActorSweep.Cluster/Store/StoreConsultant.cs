using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Store;

/// <summary>
/// What a coordinator asks of the <see cref="TaskStore"/>, kept out of its actor: which ready tasks the store completes
/// (each looked up once), which artifacts of a resumed study's folder it puts back, and which trained tasks go into it once
/// their rows are durable. It decides nothing about the study: it hands the coordinator <see cref="ReuseTask"/> commands and
/// the lines to report.
/// </summary>
public sealed class StoreConsultant(TaskReuse reuse)
{
    private readonly HashSet<string> _lookedUp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskRecord> _trained = new(StringComparer.Ordinal);

    /// <summary>
    /// Looks each ready task of <paramref name="candidates"/> up once: a command completing it from the store for each entry
    /// that checks out; for an entry that fails a check, a line in <paramref name="notices"/> (the task is trained).
    /// </summary>
    public IReadOnlyList<ReuseTask> Lookups(CoordinatorState state, IEnumerable<string> candidates, ICollection<StoreReport> notices)
    {
        var reused = new List<ReuseTask>();
        if (!reuse.Consult) return reused;
        foreach (var taskId in candidates)
        {
            if (!state.IsReady(taskId) || !_lookedUp.Add(taskId)) continue;
            var lookup = reuse.Store.Reuse(state.Tasks[taskId].Spec, Path.Combine(reuse.ArtifactsRoot, taskId));
            if (lookup.Outcome == StoreLookupOutcome.Reused) reused.Add(new ReuseTask(lookup.Record!));
            else if (lookup.Outcome == StoreLookupOutcome.Unusable)
                notices.Add(new StoreReport($"{taskId}: the task store's entry was not used ({lookup.Problem}); the task is trained", Show: true));
        }
        return reused;
    }

    /// <summary>
    /// On resume: the artifacts of completed tasks that tasks still to run will read are checked against the store, and a file
    /// that changed on disk since it was written (or went missing) is put back from the store's verified copy. Without an
    /// entry the reading task itself catches the change (every artifact carries its SHA-256) and fails naming the file.
    /// </summary>
    public IReadOnlyList<StoreReport> RepairInputs(CoordinatorState state)
    {
        var reports = new List<StoreReport>();
        var needed = state.Tasks.Values.Where(t => t.Phase is not (TaskPhase.Completed or TaskPhase.Failed or TaskPhase.Skipped))
            .SelectMany(t => t.Spec.InputTaskIds).Distinct(StringComparer.Ordinal)
            .Where(id => state.Tasks.TryGetValue(id, out var input) && input.Phase == TaskPhase.Completed)
            .Select(id => state.Tasks[id]);
        foreach (var input in needed)
        {
            var dir = Path.Combine(reuse.ArtifactsRoot, input.Spec.TaskId);
            var repaired = reuse.Store.Repair(input.Spec, dir, source => source == reuse.Source || source == input.ReusedFrom, out var problem);
            if (repaired.Count > 0)
                reports.Add(new StoreReport($"{input.Spec.TaskId}: {string.Join(", ", repaired.Select(n => Path.Combine(dir, n)))} differed from what the task wrote; put back from the task store", Show: true));
            if (problem is not null) reports.Add(new StoreReport($"task {input.Spec.TaskId}: its artifacts could not be checked against the task store: {problem}", Show: false));
        }
        return reports;
    }

    /// <summary>A slot reported <paramref name="record"/> trained (<paramref name="spec"/>: the study's own spec of the task); it is stored once committed.</summary>
    public void Trained(TaskRecord record, TaskSpec spec) => _trained[spec.TaskId] = record with { Spec = spec, ReusedFrom = null };

    /// <summary>The trained record to store now that attempt <paramref name="attempt"/> of <paramref name="taskId"/> is durable; null for a reused task or another attempt.</summary>
    public TaskRecord? Committed(string taskId, int attempt) =>
        _trained.Remove(taskId, out var trained) && trained.Attempt == attempt ? trained : null;
}

/// <summary>A line about the task store for the coordinator's log; <paramref name="Show"/>: also among the study's recent problems.</summary>
public sealed record StoreReport(string Text, bool Show);
