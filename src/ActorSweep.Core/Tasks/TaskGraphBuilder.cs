using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Tasks;

/// <summary>
/// Plans every trial of a study and turns the plans into tasks with ids. A plan that builds on another
/// trial plans that trial first (depth first), so parents always come before children; a reference back
/// to a trial still being planned is a cycle. Problems are collected as located study errors.
/// A task's root (its trial's first task, whose θ0 it may rewind to) is set only where that first task is one
/// of its ancestors, so reading it never waits on a task the scheduler does not wait for: the members of an
/// ensemble, COLT's parts and soup ingredients are siblings of their plan's first task, not its descendants.
/// </summary>
internal sealed class TaskGraphBuilder
{
    private readonly StudySpec _study;
    private readonly IReadOnlyList<TrialSpec> _trials;
    private readonly Dictionary<string, PlannedTrial> _planned = new(StringComparer.Ordinal);
    private readonly List<TrialSpec> _planning = new();
    private readonly List<TaskSpec> _tasks = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<StudyError> _errors = new();
    private readonly Dictionary<string, string> _resultKeys = new(StringComparer.Ordinal);

    public TaskGraphBuilder(StudySpec study, IReadOnlyList<TrialSpec> trials)
    {
        _study = study;
        _trials = trials;
    }

    public IReadOnlyList<TaskSpec> Build()
    {
        foreach (var trial in _trials) Plan(trial);
        if (_errors.Count > 0) throw new StudyValidationException(_errors.Distinct().ToList());
        return _tasks;
    }

    private PlannedTrial Plan(TrialSpec trial)
    {
        if (_planned.TryGetValue(trial.TrialId, out var done)) return done;
        _planning.Add(trial);
        var nodes = _study.Registry.Get(trial.Method).Plan(new PlanContext(trial, _trials, _study.DefaultsVersion, r => Resolve(trial, r), (key, message) => Refuse(trial, key, message)));
        _planning.RemoveAt(_planning.Count - 1);

        var graphOnly = _study.Registry.Get(trial.Method).Options.Where(d => d.ShapesGraphOnly).Select(d => d.Key).ToList();
        var ids = new string[nodes.Count];
        var descendsFromFirst = new bool[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var parents = new List<string>(node.Parents.Count);
            foreach (var edge in node.Parents)
            {
                if (edge.TrialId is null)
                {
                    if (edge.Index < 0 || edge.Index >= i)
                        throw new InvalidOperationException($"method {trial.Method}: planned task {i} names task {edge.Index} of its own plan as a parent, which does not come before it");
                    parents.Add(ids[edge.Index]);
                    descendsFromFirst[i] |= edge.Index == 0 || descendsFromFirst[edge.Index];
                }
                else if (_planned.TryGetValue(edge.TrialId, out var other)) parents.Add(other.TaskIds[edge.Index]);
                else throw new InvalidOperationException($"method {trial.Method}: planned task {i} names trial {edge.TrialId}, which it did not resolve through its plan context");
            }
            ids[i] = TaskIdentity.TaskId(trial.Hparams, parents, node.Round, node.Branch);
            if (_seen.Add(ids[i]))
            {
                var root = descendsFromFirst[i] ? ids[0] : null;
                var inputs = parents.Append(root).OfType<string>().Distinct(StringComparer.Ordinal).Select(id => _resultKeys[id]).ToList();
                _resultKeys[ids[i]] = TaskIdentity.ResultKey(trial.Hparams, graphOnly, inputs, node.Round, node.Branch);
                _tasks.Add(new TaskSpec(ids[i], trial.TrialId, _study.Name, trial.Method, node.Branch, node.Round, trial.Seed, parents, root, trial.Hparams)
                    { DefaultsVersion = _study.DefaultsVersion, ResultKey = _resultKeys[ids[i]] });
            }
        }
        var planned = new PlannedTrial(trial, nodes, ids);
        _planned[trial.TrialId] = planned;
        return planned;
    }

    private void Refuse(TrialSpec from, string optionKey, string message)
    {
        var entry = _study.Methods.FirstOrDefault(m => m.Index == from.MethodIndex);
        var key = $"methods[{from.MethodIndex}].{optionKey[(optionKey.LastIndexOf('.') + 1)..]}";
        _errors.Add(new StudyError(_study.SourceFile, entry?.Line ?? 0, key, $"trial {Describe(from)}: {message}"));
    }

    private PlannedTrial? Resolve(TrialSpec from, TrialReference reference)
    {
        void Error(string message) => Refuse(from, reference.OptionKey, message);

        var matches = _trials.Where(reference.Matches).ToList();
        if (matches.Count == 0) { Error($"no trial of the study matches {reference.Description}"); return null; }
        if (matches.Count > 1)
        {
            Error($"{matches.Count} trials match {reference.Description} ({string.Join("; ", matches.Take(3).Select(Describe))}{(matches.Count > 3 ? "; …" : "")}); it must name exactly one");
            return null;
        }
        var target = matches[0];
        var cycleStart = _planning.FindIndex(t => t.TrialId == target.TrialId);
        if (cycleStart >= 0)
        {
            var chain = _planning.Skip(cycleStart).Append(target).Select(Describe);
            Error($"cycle: {string.Join(" → ", chain)}; a task graph cannot depend on itself");
            return null;
        }
        if (reference.MapsModel && _study.Catalog.CheckModelMapping(target.Model, from.Model, reference.Mapping) is { } problem)
        {
            Refuse(from, reference.MappingKey ?? reference.OptionKey, $"cannot map {reference.Description} onto {from.Model}: {problem}");
            return null;
        }
        return Plan(target);
    }

    private static string Describe(TrialSpec t) => $"{t.Method} {t.Model} seed {t.Seed} ({t.TrialId})";
}
