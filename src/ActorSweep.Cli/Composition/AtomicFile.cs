namespace ActorSweep.Cli.Composition;

/// <summary>Copies through a temporary name and a rename, so a crash never leaves half a file.</summary>
public static class AtomicFile
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> atomically.</summary>
    public static void Copy(string source, string destination)
    {
        var tmp = destination + ".tmp";
        File.Copy(source, tmp, overwrite: true);
        File.Move(tmp, destination, overwrite: true);
    }
}
