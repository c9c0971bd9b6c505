using ActorSweep.Cluster.Store;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Composition;

/// <summary>
/// Which task store a coordinator uses (<c>--store DIR|off</c>, default <see cref="TaskStore.DefaultRoot"/>) and whether it
/// reuses what the store holds (<c>--no-reuse</c>: every task is trained; what it trains is still stored).
/// </summary>
/// <param name="Root">The store's folder; null when the store is off.</param>
/// <param name="Reuse">Whether stored tasks are reused.</param>
public sealed record StoreChoice(string? Root, bool Reuse)
{
    /// <summary>The store off: nothing is reused or stored (tests and benchmarks that must train).</summary>
    public static readonly StoreChoice Off = new(null, false);

    /// <summary>
    /// Resolves the options; false (with one line on <paramref name="errors"/>, nothing written) when <paramref name="store"/>
    /// names a file or a folder that cannot be created.
    /// </summary>
    public static bool TryResolve(string? store, bool noReuse, TextWriter errors, out StoreChoice choice)
    {
        choice = Off;
        var root = store is null ? TaskStore.DefaultRoot() : TaskStore.IsOff(store) ? null : store;
        if (root is null) return true;
        var named = store is null ? "the task store (ACTORSWEEP_STORE or ~/.cache/actorsweep/store)" : "--store";
        if (File.Exists(root))
        {
            errors.WriteLine($"{named}: '{root}' is a file; expected a folder for the task store (or 'off')");
            return false;
        }
        choice = new StoreChoice(Path.GetFullPath(root), !noReuse);
        return true;
    }

    /// <summary>The coordinator's reuse settings for the study <paramref name="graph"/> in <paramref name="layout"/>; null when off.</summary>
    public TaskReuse? For(TaskGraph graph, StudyLayout layout) =>
        Root is null ? null : new TaskReuse(new TaskStore(Root), layout.ArtifactsDir, TaskReuse.SourceOf(graph.Study, layout.Root), Reuse);

    /// <summary>One line for the banner.</summary>
    public string Describe() => Root is null ? "task store: off" : Reuse ? $"task store: {Root}" : $"task store: {Root} (--no-reuse: every task is trained)";
}
