namespace ActorSweep.Cluster.Store;

/// <summary>
/// How a coordinator uses the <see cref="TaskStore"/>: it consults <paramref name="Store"/> before leasing a ready task
/// (unless <paramref name="Consult"/> is false: <c>--no-reuse</c>), copying a stored task's artifacts into
/// <paramref name="ArtifactsRoot"/> (the study folder's <c>artifacts/</c>), and puts every task it trained there, named
/// as trained by <paramref name="Source"/> (study and folder).
/// </summary>
public sealed record TaskReuse(TaskStore Store, string ArtifactsRoot, string Source, bool Consult = true)
{
    /// <summary>The <c>reused_from</c> text of tasks trained by the study <paramref name="study"/> in <paramref name="folder"/>.</summary>
    public static string SourceOf(string study, string folder) => $"{study} @ {Path.GetFullPath(folder)}";
}
