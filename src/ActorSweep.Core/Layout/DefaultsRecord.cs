using System.Text.Json;
using ActorSweep.Core.Study;

namespace ActorSweep.Core.Layout;

/// <summary>
/// <c>defaults.json</c> in a study folder: the <see cref="DefaultsVersion"/> the study started with, and for
/// people, what that version's changed defaults are. Written once when a study starts (temp + rename);
/// a folder without it was started by release 1.
/// </summary>
public static class DefaultsRecord
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The version a study folder runs under: the recorded one, or release 1's when nothing is recorded.</summary>
    public static int Read(StudyLayout layout)
    {
        if (!File.Exists(layout.DefaultsFile)) return DefaultsVersion.Release1;
        using var doc = JsonDocument.Parse(File.ReadAllText(layout.DefaultsFile));
        if (!doc.RootElement.TryGetProperty("defaults-version", out var v) || !v.TryGetInt32(out var version))
            throw new InvalidDataException($"{layout.DefaultsFile}: defaults-version: expected a whole number");
        if (!DefaultsVersion.All.Contains(version))
            throw new InvalidDataException($"{layout.DefaultsFile}: defaults-version: {version} is unknown to this build (known: {string.Join(", ", DefaultsVersion.All)}); was the study started by a newer release?");
        return version;
    }

    /// <summary>Records <paramref name="version"/> for a study that starts now.</summary>
    public static void Write(StudyLayout layout, int version)
    {
        var record = new Dictionary<string, object>
        {
            ["defaults-version"] = DefaultsVersion.Check(version),
            ["meaning"] = version == DefaultsVersion.Release1
                ? "release 1: inputs scaled to [0, 1] only; global pruning ranks the output layer; SET/RigL prune every layer; random re-init trains from iteration 0"
                : "release 2: inputs normalised per dataset (training.normalize-inputs); global pruning leaves the output layer out where the model does (method.exclude-output: lenet, conv, vgg); SET/RigL keep a conv net's first layer dense (method.prune-first-layer); random re-init starts at the rewind point",
        };
        Directory.CreateDirectory(layout.Root);
        var tmp = layout.DefaultsFile + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(record, Json));
        File.Move(tmp, layout.DefaultsFile, overwrite: true);
    }
}
