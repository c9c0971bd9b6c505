using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>
/// A validated study: base hyperparameters (dataset, model, training.*), seeds, methods and grid.
/// <see cref="ExpandTrials"/> is the cartesian product grid × methods × seeds.
/// </summary>
public sealed record StudySpec(
    string Name,
    string SourceFile,
    Hparams Base,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<MethodSpec> Methods,
    IReadOnlyList<GridAxis> Grid,
    IReadOnlyDictionary<string, HparamDefinition> Definitions)
{
    /// <summary>
    /// Every trial, grid points outermost, then methods, then seeds. A grid key a method does not
    /// accept is left out of that method's trials; trials that thereby coincide are kept once.
    /// </summary>
    public IReadOnlyList<TrialSpec> ExpandTrials()
    {
        var trials = new List<TrialSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in GridPoints())
        {
            foreach (var method in Methods)
            {
                var accepted = Core.Methods.MethodRegistry.Get(method.Name).Options.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var seed in Seeds)
                {
                    var h = Base;
                    foreach (var (k, v) in method.Options.Entries) h = h.With(k, v);
                    foreach (var (k, v) in point)
                    {
                        if (k.StartsWith("method.", StringComparison.Ordinal) && !accepted.Contains(k)) continue;
                        h = Definitions.TryGetValue(k, out var def) && def.IsDefault(v) ? h.Without(k) : h.With(k, v);
                    }
                    h = h.With(HparamKeys.Method, method.Name).With(HparamKeys.Seed, (long)seed);
                    var id = TaskIdentity.TrialId(h);
                    if (seen.Add(id)) trials.Add(new TrialSpec(id, method.Name, seed, h));
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
