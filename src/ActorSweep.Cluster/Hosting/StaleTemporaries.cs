using ActorSweep.Core.Layout;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// Temporaries a crashed or failed write left in a study's artifacts (<c>*.tmp</c>, an upload's <c>.incoming/</c>):
/// removed when a coordinator takes the folder over, so a study resumed after a full disk ends as clean as one that
/// never failed. Only called while holding the folder's <see cref="StudyLock"/>, when nothing else writes there.
/// </summary>
public static class StaleTemporaries
{
    /// <summary>Deletes them; returns how many files went.</summary>
    public static int Remove(StudyLayout layout)
    {
        if (!Directory.Exists(layout.ArtifactsDir)) return 0;
        var removed = 0;
        foreach (var tmp in Directory.EnumerateFiles(layout.ArtifactsDir, "*.tmp", SearchOption.AllDirectories).ToList())
        {
            File.Delete(tmp);
            removed++;
        }
        return removed;
    }
}
