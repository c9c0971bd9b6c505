namespace ActorSweep.Training.Artifacts;

/// <summary>
/// An artifact whose bytes are not what was written (its checksum fails, or it is cut short): the task that reads it
/// fails at once naming the file, rather than train from weights or a mask that silently differ.
/// </summary>
public sealed class CorruptArtifactException : IOException
{
    /// <summary>The artifact at <paramref name="path"/> failed for <paramref name="why"/>.</summary>
    public CorruptArtifactException(string path, string why)
        : base($"artifact {path} changed after it was written: {why}; the task that wrote it must run again (delete its row and its artifact folder, then resume), or run the study anew")
    {
        Path = path;
    }

    /// <summary>The artifact's file.</summary>
    public string Path { get; }
}
