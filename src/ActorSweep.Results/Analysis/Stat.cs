namespace ActorSweep.Results.Analysis;

/// <summary>Mean, sample standard deviation (n − 1; null for one value) and count of a set of values.</summary>
public sealed record Stat(double Mean, double? Std, int N)
{
    /// <summary>The statistic of <paramref name="values"/>, or null when there are none.</summary>
    public static Stat? Of(IEnumerable<double> values)
    {
        var v = values.ToList();
        if (v.Count == 0) return null;
        var mean = v.Average();
        double? std = v.Count < 2 ? null : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
        return new Stat(mean, std, v.Count);
    }
}
