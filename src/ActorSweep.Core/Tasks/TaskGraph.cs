using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// A study expanded into trials and the tasks of their lineages, parents before children. Tasks with
/// equal ids (identical work) appear once.
/// </summary>
public sealed class TaskGraph
{
    private TaskGraph(string study, IReadOnlyList<TrialSpec> trials, IReadOnlyList<TaskSpec> tasks)
    {
        Study = study;
        Trials = trials;
        Tasks = tasks;
    }

    /// <summary>The study's name.</summary>
    public string Study { get; }

    /// <summary>Every trial.</summary>
    public IReadOnlyList<TrialSpec> Trials { get; }

    /// <summary>Every task, in a topological order (trial by trial, lineage order within a trial).</summary>
    public IReadOnlyList<TaskSpec> Tasks { get; }

    /// <summary>Expands a validated study.</summary>
    public static TaskGraph Build(StudySpec study)
    {
        var trials = study.ExpandTrials();
        var tasks = new List<TaskSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trial in trials)
        {
            var plan = MethodRegistry.Get(trial.Method).Plan(trial.Hparams);
            var ids = new string[plan.Count];
            for (var i = 0; i < plan.Count; i++)
            {
                var node = plan[i];
                var parent = node.ParentIndex is { } p ? ids[p] : null;
                ids[i] = TaskIdentity.TaskId(trial.Hparams, parent, node.Round, node.Branch);
                if (!seen.Add(ids[i])) continue;
                tasks.Add(new TaskSpec(ids[i], trial.TrialId, study.Name, trial.Method, node.Branch, node.Round, trial.Seed,
                    parent, i == 0 ? null : ids[0], trial.Hparams));
            }
        }
        return new TaskGraph(study.Name, trials, tasks);
    }
}
