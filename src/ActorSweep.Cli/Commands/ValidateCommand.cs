using System.CommandLine;
using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Commands;

/// <summary><c>actorsweep validate &lt;study&gt;</c>: checks a study file completely and writes nothing.</summary>
public static class ValidateCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var study = CommonOptions.Path("study", "the study file (HOCON)");
        var store = CommonOptions.Store();
        var command = new Command("validate", "check a study file completely (keys, types, ranges, datasets, models, the task graph); writes nothing") { study, store };
        command.SetAction(p => StoreChoice.TryResolve(p.GetValue(store), noReuse: false, errors, out var choice) ? Run(p.GetValue(study)!, output, errors, choice) : ExitCodes.BadInput);
        return command;
    }

    /// <summary>Validates <paramref name="path"/>; returns the exit code. With a <paramref name="store"/>, says how many of its tasks the store holds.</summary>
    public static int Run(string path, TextWriter output, TextWriter errors, StoreChoice? store = null)
    {
        if (!TryLoad(path, errors, out var spec)) return ExitCodes.BadInput;
        var graph = TaskGraph.Build(spec);
        output.WriteLine($"{path}: study '{spec.Name}' is valid");
        output.WriteLine($"  {spec.GridSize} grid point(s) × {spec.Methods.Count} method(s) × {spec.Seeds.Count} seed(s) = {graph.Trials.Count} trial(s), {graph.Tasks.Count} task(s)");
        foreach (var m in spec.Methods)
        {
            var trials = graph.Trials.Where(t => t.MethodIndex == m.Index).Select(t => t.TrialId).ToHashSet(StringComparer.Ordinal);
            output.WriteLine($"  methods[{m.Index}] {m.Name}: {spec.Registry.Get(m.Name).Summary}; {trials.Count} trial(s), {graph.Tasks.Count(t => trials.Contains(t.TrialId))} task(s)");
        }
        if (store?.Root is { } root)
        {
            var tasks = new Cluster.Store.TaskStore(root);
            var stored = graph.Tasks.Count(tasks.Contains);
            output.WriteLine($"  task store {root}: holds {stored} of the {graph.Tasks.Count} task(s) (reused instead of trained, once their entries check out)");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Loads a study under <paramref name="defaultsVersion"/> (a resumed study's own), printing every validation
    /// error to <paramref name="errors"/> on failure.
    /// </summary>
    public static bool TryLoad(string path, TextWriter errors, out StudySpec spec, int defaultsVersion = DefaultsVersion.Current)
    {
        try
        {
            spec = new StudyLoader(TrainingCatalog.Create()) { DefaultsVersion = defaultsVersion }.LoadFile(path);
            return true;
        }
        catch (StudyValidationException e)
        {
            errors.WriteLine($"{path}: {e.Errors.Count} error(s):");
            foreach (var err in e.Errors) errors.WriteLine($"  {err}");
            spec = null!;
            return false;
        }
    }
}
