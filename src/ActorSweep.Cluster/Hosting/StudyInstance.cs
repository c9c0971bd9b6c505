using ActorSweep.Core.Layout;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// A random id made once per study folder (file <c>instance-id</c>) and kept for its life, so a
/// journal shared by many studies (PostgreSQL) tells two folders holding a study of the same name apart.
/// </summary>
public static class StudyInstance
{
    /// <summary>The folder's id, created (atomically, first writer wins) if it has none.</summary>
    public static string ReadOrCreate(StudyLayout layout)
    {
        var file = layout.InstanceIdFile;
        if (File.Exists(file)) return Read(file);
        Directory.CreateDirectory(layout.Root);
        var tmp = $"{file}.{Environment.ProcessId}.tmp";
        File.WriteAllText(tmp, Guid.NewGuid().ToString("N") + "\n");
        try { File.Move(tmp, file, overwrite: false); }
        catch (IOException) when (File.Exists(file)) { File.Delete(tmp); }
        return Read(file);
    }

    private static string Read(string file)
    {
        var id = File.ReadAllText(file).Trim();
        if (id.Length != 32 || !id.All(Uri.IsHexDigit))
            throw new InvalidDataException($"{file}: expected the study folder's 32-hex-digit instance id, got '{id}'");
        return id;
    }
}
