using ActorSweep.Cli.Console;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;

namespace ActorSweep.Cli.Commands;

/// <summary>Reads an existing study folder: its study file under the defaults version it started with, name checked against the folder.</summary>
public static class StudyFolder
{
    /// <summary>Loads the folder's study; prints why not to <paramref name="errors"/>.</summary>
    public static bool TryLoad(StudyLayout layout, TextWriter errors, out StudySpec spec)
    {
        spec = null!;
        int version;
        try { version = DefaultsRecord.Read(layout); }
        catch (InvalidDataException e)
        {
            errors.WriteLine(e.Message);
            return false;
        }
        if (!ValidateCommand.TryLoad(layout.StudyFile, errors, out spec, version)) return false;
        if (Path.GetFileName(layout.Root) != spec.Name)
        {
            errors.WriteLine($"{layout.StudyFile}: name '{spec.Name}' does not match the folder '{Path.GetFileName(layout.Root)}'");
            return false;
        }
        return true;
    }
}
