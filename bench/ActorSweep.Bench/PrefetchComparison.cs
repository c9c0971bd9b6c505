namespace ActorSweep.Bench;

/// <summary>
/// A measurement taken with slots that ask ahead (<c>actorsweep.prefetch = on</c>, the default) and without,
/// interleaved off/on/off/on so that the machine's drift falls on both.
/// </summary>
internal static class PrefetchComparison
{
    /// <summary>The two figures of <paramref name="measure"/> per setting, in the order taken.</summary>
    public static (IReadOnlyList<double> Off, IReadOnlyList<double> On) Run(Func<bool, double> measure)
    {
        var off = new List<double>();
        var on = new List<double>();
        foreach (var prefetch in new[] { false, true, false, true })
            (prefetch ? on : off).Add(measure(prefetch));
        return (off, on);
    }
}
