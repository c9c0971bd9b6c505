using System.Security.Cryptography;
using System.Text;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// A study expanded into trials and their tasks: a directed acyclic graph in which a task may have
/// several parents, in its own trial or in other trials of the study (another model, dataset or grid
/// point). Tasks come in a topological order (parents first; without cross-trial edges, trial by trial
/// in lineage order). Tasks with equal ids (identical work) appear once.
/// </summary>
public sealed class TaskGraph
{
    private readonly Lazy<IReadOnlyDictionary<string, long>> _criticalPath;
    private readonly Lazy<IReadOnlyDictionary<string, long>> _ownWork;

    private TaskGraph(string study, IReadOnlyList<TrialSpec> trials, IReadOnlyList<TaskSpec> tasks, Func<string, string, double?>? modelCost = null)
    {
        Study = study;
        Trials = trials;
        Tasks = tasks;
        _criticalPath = new Lazy<IReadOnlyDictionary<string, long>>(() => ComputeCriticalPath(tasks, modelCost));
        _ownWork = new Lazy<IReadOnlyDictionary<string, long>>(() =>
        {
            var path = _criticalPath.Value;
            var below = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var t in tasks)
                foreach (var p in t.ParentTaskIds)
                    below[p] = Math.Max(below.GetValueOrDefault(p), path.GetValueOrDefault(t.TaskId));
            return tasks.ToDictionary(t => t.TaskId, t => path.GetValueOrDefault(t.TaskId) - below.GetValueOrDefault(t.TaskId), StringComparer.Ordinal);
        });
        Fingerprint = Hash(tasks.Select(t => t.TaskId).Order(StringComparer.Ordinal));
        OrderedFingerprint = Hash(tasks.Select(t => t.TaskId));
    }

    /// <summary>The study's name.</summary>
    public string Study { get; }

    /// <summary>Every trial.</summary>
    public IReadOnlyList<TrialSpec> Trials { get; }

    /// <summary>Every task, in a topological order.</summary>
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>
    /// Per task, the expected work (<see cref="TaskWork.Estimate"/>) on the longest chain from it to the end of the
    /// study, itself included: what the scheduler needs to start the work that bounds the makespan first. Computed on
    /// first use (it may build each model once to count its multiply-adds).
    /// </summary>
    public IReadOnlyDictionary<string, long> CriticalPath => _criticalPath.Value;

    /// <summary>
    /// Per task, its own expected work: its <see cref="CriticalPath"/> less the longest chain below it. What the progress
    /// watchdog scales a task's expected duration by.
    /// </summary>
    public IReadOnlyDictionary<string, long> OwnWork => _ownWork.Value;

    /// <summary>
    /// A hash of the set of task ids (sorted, so it does not depend on the order the graph lists them in); a resumed study
    /// must rebuild the same graph (journaled at start). Since release 5; see <see cref="Matches"/>.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>The hash of the task ids in graph order: what studies started before release 5 journaled.</summary>
    public string OrderedFingerprint { get; }

    /// <summary>
    /// Whether <paramref name="recorded"/>, a fingerprint a study's journal holds, is this graph's: the order-free one, or
    /// the graph-ordered one a study started under an earlier release recorded (it resumes as long as its tasks are these).
    /// </summary>
    public bool Matches(string recorded) => recorded == Fingerprint || recorded == OrderedFingerprint;

    private static string Hash(IEnumerable<string> ids) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", ids))))[..16];

    /// <summary>
    /// Expands a validated study. Throws <see cref="StudyValidationException"/> (file, method entry, option)
    /// when a plan names a trial that does not exist or is ambiguous, depends on itself through other
    /// trials, or maps a model the build cannot map.
    /// </summary>
    public static TaskGraph Build(StudySpec study)
    {
        var trials = study.ExpandTrials();
        var builder = new TaskGraphBuilder(study, trials);
        var tasks = builder.Build();
        return new TaskGraph(study.Name, trials, tasks, study.Catalog.ModelCost);
    }

    /// <summary>A graph of given tasks (parents first), for tools and tests that make tasks by hand.</summary>
    public static TaskGraph Of(string study, IReadOnlyList<TaskSpec> tasks) => new(study, Array.Empty<TrialSpec>(), tasks);

    private static Dictionary<string, long> ComputeCriticalPath(IReadOnlyList<TaskSpec> tasks, Func<string, string, double?>? modelCost)
    {
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in tasks)
            foreach (var p in t.ParentTaskIds)
                (children.TryGetValue(p, out var list) ? list : children[p] = new List<string>()).Add(t.TaskId);
        var cost = new Dictionary<string, long>(StringComparer.Ordinal);
        var work = new Dictionary<string, long>(StringComparer.Ordinal);
        var perExample = new Dictionary<(string, string), double>();
        for (var i = tasks.Count - 1; i >= 0; i--)
        {
            var t = tasks[i];
            if (!work.TryGetValue(t.TrialId, out var own))
            {
                if (!perExample.TryGetValue((t.Model, t.Dataset), out var flops))
                    perExample[(t.Model, t.Dataset)] = flops = modelCost?.Invoke(t.Model, t.Dataset) ?? TaskWork.UnknownModelCost;
                work[t.TrialId] = own = TaskWork.Estimate(TrainingHparams.From(t.Hparams, t.DefaultsVersion), flops);
            }
            var after = children.TryGetValue(t.TaskId, out var c) ? c.Max(x => cost.GetValueOrDefault(x)) : 0;
            cost[t.TaskId] = own + after;
        }
        return cost;
    }
}
