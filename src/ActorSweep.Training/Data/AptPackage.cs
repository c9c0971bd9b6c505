namespace ActorSweep.Training.Data;

/// <summary>
/// A Debian package fetched with <c>apt-get download</c> (no root needed). A machine whose package lists are empty
/// (a fresh one: nothing ran <c>apt-get update</c> yet) or stale cannot locate the package; then the lists are
/// refreshed once — which works as root — and the download retried. Where refreshing is not allowed, the error says
/// in one line what to run. apt honours <c>APT_CONFIG</c>, so tests point it at lists of their own.
/// </summary>
public static class AptPackage
{
    /// <summary>Downloads <paramref name="package"/>'s .deb into <paramref name="into"/>.</summary>
    public static void Download(string package, string into, string purpose, IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            DataCache.RunTool("apt-get", $"download {package}", into, purpose, environment);
            return;
        }
        catch (InvalidOperationException e) when (CannotLocate(e.Message))
        {
            try { DataCache.RunTool("apt-get", "update -q", into, $"{purpose}: refreshing the package lists", environment); }
            catch (InvalidOperationException update)
            {
                throw new InvalidOperationException(
                    $"{purpose}: apt cannot locate package {package} (this machine's package lists are empty or stale) and refreshing them failed " +
                    $"({FirstError(update.Message)}); run 'sudo apt-get update' once, then retry", update);
            }
        }
        try { DataCache.RunTool("apt-get", $"download {package}", into, purpose, environment); }
        catch (InvalidOperationException e) when (CannotLocate(e.Message))
        {
            throw new InvalidOperationException($"{purpose}: apt cannot locate package {package} even after 'apt-get update': " +
                                                "the configured sources (/etc/apt/sources.list*) do not include Debian's main archive", e);
        }
    }

    private static bool CannotLocate(string message) =>
        message.Contains("Unable to locate package", StringComparison.Ordinal)
        || message.Contains("no installation candidate", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Can't select candidate", StringComparison.Ordinal);

    private static string FirstError(string message) =>
        message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal)) ?? message.Split('\n')[0];
}
