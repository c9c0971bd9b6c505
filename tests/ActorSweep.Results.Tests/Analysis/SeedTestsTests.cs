using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorSweep.Core.Layout;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Analysis.Statistics;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Results.Tests.Analysis;

/// <summary>The report's tests of differences over seeds: by hand, and against SciPy where Debian's python3-scipy is installed.</summary>
public class SeedTestsTests
{
    [Test]
    public void PairedT_OfDifferences123_IsTheTextbookCase()
    {
        // d = (1, 2, 3): mean 2, sd 1, se 1/√3, t = 2√3 on 2 df; t.ppf(0.975, 2) = 4.302652729911275.
        var r = SeedTests.Paired(new double[] { 2, 3, 4 }, new double[] { 1, 1, 1 })!;
        Assert.That((r.Test, r.N, r.Df), Is.EqualTo(("paired-t", 3, 2.0)));
        Assert.That(r.Mean, Is.EqualTo(2).Within(1e-15));
        // MathNet's t quantile is a root search good to about 1e-10: the bounds agree with SciPy's to 1e-9, not to the last digit.
        Assert.That(r.Low, Is.EqualTo(2 - 4.302652729911275 / Math.Sqrt(3)).Within(1e-9));
        Assert.That(r.High, Is.EqualTo(2 + 4.302652729911275 / Math.Sqrt(3)).Within(1e-9));
        Assert.That(r.P, Is.EqualTo(0.07417990022744855).Within(1e-12));
        Assert.That(SeedTests.Paired(new double[] { 1 }, new double[] { 0 }), Is.Null, "one pair");
        Assert.That(SeedTests.Paired(new double[] { 2, 3 }, new double[] { 1, 2 }), Is.Null, "every difference the same: no spread");
    }

    [Test]
    public void Holm_StepsDownAndStaysMonotone()
    {
        // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → kept at 0.06 (monotone).
        Assert.That(SeedTests.Holm(new[] { 0.01, 0.04, 0.03, 0.005 }), Is.EqualTo(new[] { 0.03, 0.06, 0.06, 0.02 }).Within(1e-15));
        Assert.That(SeedTests.Holm(new[] { 0.6, 0.5 }), Is.EqualTo(new[] { 1.0, 1.0 }), "capped at 1");
    }

    [Test]
    public void SeedsNeeded_GrowsAsTheEffectShrinks_AndIsCapped()
    {
        var large = SeedTests.SeedsNeeded(2, 1)!.Value;
        var small = SeedTests.SeedsNeeded(0.5, 1)!.Value;
        Assert.That(large, Is.LessThan(small));
        // Normal-theory 80 % power at 0.05 for effect 0.5 needs (1.96 + 0.84)² / 0.25 ≈ 31.4; the t-test a few more.
        Assert.That(small, Is.InRange(32, 36));
        Assert.That(SeedTests.SeedsNeeded(0.01, 1), Is.Null, "beyond the cap");
    }

    private static string? Python()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(candidate, "-c \"import scipy\"") { RedirectStandardError = true, RedirectStandardOutput = true })!;
                p.WaitForExit();
                if (p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }

    private const string Script = """
        import json, sys
        import numpy as np
        from scipy import stats
        out = []
        for c in json.load(open(sys.argv[1])):
            a, b = np.array(c["a"]), np.array(c["b"])
            if c["paired"]:
                r = stats.ttest_rel(a, b)
                d = a - b; n = len(d); se = d.std(ddof=1) / np.sqrt(n); df = n - 1; mean = d.mean()
            else:
                r = stats.ttest_ind(a, b, equal_var=False)
                qa, qb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
                se = np.sqrt(qa + qb); df = (qa + qb) ** 2 / (qa ** 2 / (len(a) - 1) + qb ** 2 / (len(b) - 1)); mean = a.mean() - b.mean()
            q = stats.t.ppf(0.975, df)
            out.append({"p": float(r.pvalue), "low": float(mean - q * se), "high": float(mean + q * se), "mean": float(mean)})
        json.dump(out, sys.stdout)
        """;

    private static List<Dictionary<string, double>> SciPy(string python, IReadOnlyList<(double[] A, double[] B, bool Paired)> cases)
    {
        var dir = Directory.CreateTempSubdirectory("scipy-check-").FullName;
        try
        {
            var input = Path.Combine(dir, "cases.json");
            var script = Path.Combine(dir, "check.py");
            File.WriteAllText(input, JsonSerializer.Serialize(cases.Select(c => new { a = c.A, b = c.B, paired = c.Paired })));
            File.WriteAllText(script, Script);
            using var p = Process.Start(new ProcessStartInfo(python) { ArgumentList = { script, input }, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stdout = p.StandardOutput.ReadToEnd();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.EqualTo(0), stderr);
            return JsonSerializer.Deserialize<List<Dictionary<string, double>>>(stdout)!;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string RequireSciPy()
    {
        var python = Python();
        if (python is not null) return python;
        if (Environment.GetEnvironmentVariable("ACTORSWEEP_REQUIRE_SCIPY") == "1")
            Assert.Fail("python3 with SciPy is required here (ACTORSWEEP_REQUIRE_SCIPY=1): apt-get install python3-scipy");
        Assert.Ignore("SciPy is not installed (apt-get install python3-scipy); .ci/run installs it and requires this test");
        return "";
    }

    private static void AssertAgrees(TestResult ours, IReadOnlyDictionary<string, double> scipy, string what)
    {
        Assert.That(ours.Mean, Is.EqualTo(scipy["mean"]).Within(1e-9), $"{what}: mean");
        Assert.That(ours.Low, Is.EqualTo(scipy["low"]).Within(1e-9), $"{what}: CI low");
        Assert.That(ours.High, Is.EqualTo(scipy["high"]).Within(1e-9), $"{what}: CI high");
        Assert.That(ours.P, Is.EqualTo(scipy["p"]).Within(1e-9), $"{what}: p");
    }

    [Test]
    public void PairedAndWelch_AgreeWithSciPy_OnGeneratedCases()
    {
        var python = RequireSciPy();
        var random = new Random(7);
        var cases = new List<(double[] A, double[] B, bool Paired)>();
        for (var i = 0; i < 200; i++)
        {
            var paired = i % 2 == 0;
            var n = 2 + random.Next(9);
            var shift = (random.NextDouble() - 0.5) * 0.02;
            var a = Enumerable.Range(0, n).Select(_ => 0.9 + random.NextDouble() * 0.01 * (1 + i % 5)).ToArray();
            var b = Enumerable.Range(0, paired ? n : 2 + random.Next(9)).Select(k => (paired ? a[k] : 0.9) + shift + random.NextDouble() * 0.01).ToArray();
            cases.Add((a, b, paired));
        }
        var expected = SciPy(python, cases);
        for (var i = 0; i < cases.Count; i++)
        {
            var (a, b, paired) = cases[i];
            var ours = paired ? SeedTests.Paired(a, b) : SeedTests.Welch(a, b);
            AssertAgrees(ours!, expected[i], $"case {i} ({(paired ? "paired" : "welch")}, n = {a.Length}/{b.Length})");
        }
    }

    private static string Repository()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "results"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("the repository's results/ folder");
    }

    [Test]
    public void TheCommittedSparseMomentumStudy_ComparedWithDense_AgreesWithSciPy_HolmIncluded()
    {
        var python = RequireSciPy();
        var root = Repository();
        var rows = new[] { "sparse-momentum-lenet-mnist-seed1", "sparse-momentum-lenet-mnist-seeds23" }
            .SelectMany(s => ResultReader.ReadTrials(new StudyLayout(Path.Combine(root, "results", s)))).ToList();
        var report = StudyReport.Build(new[] { ("sparse-momentum-lenet-mnist", (IReadOnlyList<TrialRow>)rows) });
        var table = report.Tables.Single();
        var compared = table.Rows.Where(r => r.Comparison?.Test is not null).ToList();
        Assert.That(compared.Select(r => r.Method.Split(' ')[0]).Distinct(), Is.SupersetOf(new[] { "snfs", "set" }));
        Assert.That(compared.Select(r => r.WeightsRemaining).Distinct().Count(), Is.GreaterThanOrEqualTo(4), "every sparsity of the study");
        Assert.That(compared.All(r => r.Comparison!.Test!.Test == "paired-t" && r.Comparison.Test.N == 3), Is.True, "three seeds, paired with dense's");

        var dense = table.Rows.Where(r => r.WeightsRemaining >= 0.9999).SelectMany(r => r.MetricBySeed!).GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.Average(e => e.Value));
        var cases = compared.Select(r =>
        {
            var seeds = r.MetricBySeed!.Keys.Order().ToArray();
            return (seeds.Select(s => r.MetricBySeed![s]).ToArray(), seeds.Select(s => dense[s]).ToArray(), true);
        }).ToList();
        var expected = SciPy(python, cases);
        for (var i = 0; i < compared.Count; i++) AssertAgrees(compared[i].Comparison!.Test!, expected[i], $"{compared[i].Method} at {compared[i].WeightsRemaining}");

        // Holm by hand over SciPy's p-values, as statsmodels' multipletests(method="holm").
        var p = expected.Select(e => e["p"]).ToArray();
        var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ToArray();
        var holm = new double[p.Length];
        var running = 0.0;
        for (var k = 0; k < order.Length; k++) holm[order[k]] = running = Math.Max(running, Math.Min(1, (p.Length - k) * p[order[k]]));
        for (var i = 0; i < compared.Count; i++)
        {
            Assert.That(compared[i].Comparison!.PHolm!.Value, Is.EqualTo(holm[i]).Within(1e-9));
            var verdict = holm[i] < 0.05 ? (expected[i]["mean"] > 0 ? "better" : "worse") : "n.s.";
            Assert.That(compared[i].Comparison!.Verdict, Is.EqualTo(verdict));
        }
        // What `report --format csv` prints is the same numbers, in full.
        var csv = ReportFormat.Csv(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        for (var i = 0; i < compared.Count; i++)
        {
            var r = compared[i];
            var line = csv.Single(l => l.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{table.Model},{table.Dataset},{r.Method},{r.Branch},{r.WeightsRemaining:R},"), StringComparison.Ordinal)).Split(',');
            double Cell(string name) => double.Parse(line[Column(name)], CultureInfo.InvariantCulture);
            Assert.That((Cell("diff_mean"), Cell("diff_ci_low"), Cell("diff_ci_high")), Is.EqualTo((expected[i]["mean"], expected[i]["low"], expected[i]["high"])).Using<(double, double, double)>(
                (x, y) => Math.Abs(x.Item1 - y.Item1) < 1e-9 && Math.Abs(x.Item2 - y.Item2) < 1e-9 && Math.Abs(x.Item3 - y.Item3) < 1e-9), "the CSV's difference and interval");
            Assert.That(Cell("p_value"), Is.EqualTo(expected[i]["p"]).Within(1e-9));
            Assert.That(Cell("p_holm"), Is.EqualTo(holm[i]).Within(1e-9));
            Assert.That(line[Column("test")], Is.EqualTo("paired-t"));
        }
        TestContext.Out.WriteLine(string.Join("\n", compared.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"{r.Method} {r.WeightsRemaining:0.###}: ours {r.Comparison!.Test!.Mean:+0.000000;-0.000000} [{r.Comparison.Test.Low:+0.000000;-0.000000}, {r.Comparison.Test.High:+0.000000;-0.000000}] p={r.Comparison.Test.P:0.000000} holm={r.Comparison.PHolm:0.000000} {r.Comparison.Verdict}; scipy {expected[i]["mean"]:+0.000000;-0.000000} [{expected[i]["low"]:+0.000000;-0.000000}, {expected[i]["high"]:+0.000000;-0.000000}] p={expected[i]["p"]:0.000000}"))));
    }
}
