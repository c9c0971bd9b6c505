namespace ActorSweep.Cluster.Hosting;

/// <summary>This user's ActorSweep cache: <c>$XDG_CACHE_HOME/actorsweep</c>, else <c>~/.cache/actorsweep</c> (a worker's artifact cache, the task store).</summary>
public static class UserCache
{
    /// <summary>The folder (not created).</summary>
    public static string Root
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var cache = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
            return Path.Combine(cache, "actorsweep");
        }
    }
}
