using MathNet.Numerics.Distributions;

namespace ActorSweep.Results.Analysis.Statistics;

/// <summary>The outcome of one test of a difference (a − b) over seeds.</summary>
/// <param name="Test"><c>paired-t</c> or <c>welch</c>.</param>
/// <param name="N">Pairs (paired) or the smaller group's size (Welch).</param>
/// <param name="Mean">The mean difference.</param>
/// <param name="Low">The 95 % confidence interval's lower bound (Student's t).</param>
/// <param name="High">Its upper bound.</param>
/// <param name="P">The two-sided p-value.</param>
/// <param name="Df">Degrees of freedom (Welch–Satterthwaite for Welch).</param>
/// <param name="Spread">The standard deviation a paired test of more seeds would see: of the differences (paired), or √(s²a + s²b) (Welch).</param>
public sealed record TestResult(string Test, int N, double Mean, double Low, double High, double P, double Df, double Spread);

/// <summary>
/// Tests of a difference between two groups of per-seed values, with the distributions from MathNet.Numerics: the paired
/// t-test where the seeds pair (the same seed gives the same initialisation and data order), Welch's t-test otherwise,
/// Holm–Bonferroni over a table's p-values, and how many seeds a paired test would need to resolve a difference.
/// Checked against SciPy (<c>ttest_rel</c>, <c>ttest_ind(equal_var=False)</c>, <c>t.ppf</c>) in the tests.
/// </summary>
public static class SeedTests
{
    /// <summary>The confidence level of the intervals and the significance level of the verdicts.</summary>
    public const double Alpha = 0.05;

    /// <summary>Seeds needed beyond this are reported as "more than".</summary>
    public const int SeedsCap = 50;

    /// <summary>
    /// The paired t-test of a − b over pairs (a[i], b[i]); null with fewer than two pairs or when every difference is
    /// the same (no spread to test against).
    /// </summary>
    public static TestResult? Paired(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired groups must have the same length");
        var n = a.Count;
        if (n < 2) return null;
        var d = new double[n];
        for (var i = 0; i < n; i++) d[i] = a[i] - b[i];
        var mean = d.Average();
        var sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        if (!(sd > 0)) return null;
        var se = sd / Math.Sqrt(n);
        return Result("paired-t", n, mean, se, n - 1, sd);
    }

    /// <summary>Welch's t-test of mean(a) − mean(b); null unless each group has two values and some spread.</summary>
    public static TestResult? Welch(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2) return null;
        var (ma, mb) = (a.Average(), b.Average());
        var va = a.Sum(x => (x - ma) * (x - ma)) / (a.Count - 1);
        var vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Count - 1);
        var (qa, qb) = (va / a.Count, vb / b.Count);
        var se2 = qa + qb;
        if (!(se2 > 0)) return null;
        var df = se2 * se2 / (qa * qa / (a.Count - 1) + qb * qb / (b.Count - 1));
        return Result("welch", Math.Min(a.Count, b.Count), ma - mb, Math.Sqrt(se2), df, Math.Sqrt(va + vb));
    }

    private static TestResult Result(string test, int n, double mean, double se, double df, double spread)
    {
        var t = mean / se;
        var p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        var q = Quantile(df, 1 - Alpha / 2);
        return new TestResult(test, n, mean, mean - q * se, mean + q * se, Math.Min(1, p), df, spread);
    }

    /// <summary>Student's t quantile (MathNet's <c>InvCDF</c>; agrees with SciPy's <c>t.ppf</c> to about 1e-10).</summary>
    internal static double Quantile(double df, double probability) => StudentT.InvCDF(0, 1, df, probability);

    /// <summary>Holm–Bonferroni adjusted p-values, in the order given (step-down, made monotone, capped at 1).</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        var m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1, (m - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// The seeds a two-sided paired t-test at <see cref="Alpha"/> needs for 80 % power against a true difference of
    /// <paramref name="difference"/> with differences spread by <paramref name="spread"/> (their standard deviation):
    /// the least n ≥ 2 with P(|T| &gt; t₁₋α/₂,ₙ₋₁) ≥ 0.8, T the noncentral t of noncentrality |difference|/spread·√n,
    /// approximated as a central t shifted by it (the usual approximation; exact to a seed here). Null when n would
    /// exceed <see cref="SeedsCap"/> (or there is no difference).
    /// </summary>
    public static int? SeedsNeeded(double difference, double spread, double power = 0.8)
    {
        if (!(spread > 0) || difference == 0) return null;
        var effect = Math.Abs(difference) / spread;
        for (var n = 2; n <= SeedsCap; n++)
        {
            var df = n - 1;
            var crit = Quantile(df, 1 - Alpha / 2);
            var shift = effect * Math.Sqrt(n);
            var achieved = 1 - StudentT.CDF(0, 1, df, crit - shift) + StudentT.CDF(0, 1, df, -crit - shift);
            if (achieved >= power) return n;
        }
        return null;
    }
}
