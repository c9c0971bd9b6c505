using ActorSweep.Core.Methods;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>
/// A validated study: base hyperparameters (dataset, model, training.*), seeds, methods and grid.
/// <see cref="ExpandTrials"/> is the cartesian product grid × methods × seeds.
/// </summary>
/// <param name="Name">The study's name (its output folder).</param>
/// <param name="SourceFile">The file it was read from (errors name it).</param>
/// <param name="Base">Dataset, model and the non-default training keys.</param>
/// <param name="Seeds">One trial per seed.</param>
/// <param name="Methods">The study's method entries.</param>
/// <param name="Grid">The grid axes.</param>
/// <param name="Registry">The methods the names refer to.</param>
public sealed record StudySpec(
    string Name,
    string SourceFile,
    Hparams Base,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<MethodSpec> Methods,
    IReadOnlyList<GridAxis> Grid,
    MethodRegistry Registry)
{
    /// <summary>The build's datasets, models and model mappings (checked again when the graph is built).</summary>
    public StudyCatalog Catalog { get; init; } = StudyCatalog.Any;

    /// <summary>The generation of defaults the study runs under (<see cref="Study.DefaultsVersion"/>): new studies the current one, resumed studies the one they started with.</summary>
    public int DefaultsVersion { get; init; } = Study.DefaultsVersion.Current;

    /// <summary>
    /// Every trial, grid points outermost, then methods, then the method's own models (if its block names any),
    /// then seeds. A grid key a method does not
    /// accept is left out of that method's trials; a value equal to the default of the method (or of
    /// training) is left out of the canonical form; trials that thereby coincide are kept once.
    /// </summary>
    public IReadOnlyList<TrialSpec> ExpandTrials()
    {
        var trials = new List<TrialSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in GridPoints())
        {
            foreach (var method in Methods)
            {
                var options = Registry.Get(method.Name).Options.ToDictionary(o => o.Key, StringComparer.Ordinal);
                var models = method.Models.Count > 0 ? method.Models.Cast<string?>() : new string?[] { null };
                foreach (var model in models)
                foreach (var seed in Seeds)
                {
                    var h = Base;
                    foreach (var (k, v) in method.Options.Entries)
                        h = TrainingSchema.Schema.Find(k) is { } training && training.IsDefault(v, DefaultsVersion) ? h.Without(k) : h.With(k, v);
                    foreach (var (k, v) in point)
                    {
                        var definition = k.StartsWith("method.", StringComparison.Ordinal)
                            ? options.GetValueOrDefault(k)
                            : TrainingSchema.Schema.Find(k);
                        if (k.StartsWith("method.", StringComparison.Ordinal) && definition is null) continue;   // not this method's key
                        h = definition is not null && definition.IsDefault(v, DefaultsVersion) ? h.Without(k) : h.With(k, v);
                    }
                    if (model is not null) h = h.With(HparamKeys.Model, model);
                    h = h.With(HparamKeys.Method, method.Name).With(HparamKeys.Seed, (long)seed);
                    var id = TaskIdentity.TrialId(h);
                    if (seen.Add(id)) trials.Add(new TrialSpec(id, method.Name, seed, h, method.Index));
                }
            }
        }
        return trials;
    }

    /// <summary>Number of grid points (1 when there is no grid).</summary>
    public int GridSize => Grid.Aggregate(1, (n, a) => n * a.Values.Count);

    private IEnumerable<IReadOnlyList<KeyValuePair<string, object>>> GridPoints()
    {
        IEnumerable<IReadOnlyList<KeyValuePair<string, object>>> points = new[] { Array.Empty<KeyValuePair<string, object>>() };
        foreach (var axis in Grid)
        {
            var a = axis;
            points = points.SelectMany(p => a.Values.Select(v => (IReadOnlyList<KeyValuePair<string, object>>)p.Append(new(a.Key, v)).ToArray())).ToList();
        }
        return points;
    }
}
