using System.Globalization;
using System.Text.Json;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Results.Analysis;

/// <summary>
/// Builds the report tables from <c>trials</c> rows: per (model, dataset), per method variant and
/// branch, per sparsity level, the mean ± standard deviation over seeds of the test accuracy at early
/// stop and at the end and of the early-stop iteration, the completed seeds and the failures. A method
/// used with different options in one study (IMP with and without rewinding) gets one label per
/// variant from the <c>method.*</c> options that differ; options that only pick the level or add branches
/// (sparsity, rounds, controls, baselines, soups, source rounds) never split a method.
/// </summary>
public static class StudyReport
{
    /// <summary>
    /// The keys that pick a level or add branches, never a method variant: the method's name and every key a method (or the
    /// mechanism it uses) declares so (<see cref="HparamDefinition.PicksLevel"/>).
    /// </summary>
    private static readonly HashSet<string> LevelKeys = MethodRegistry.Default.Names
        .SelectMany(name => MethodRegistry.Default.Get(name).Options)
        .Where(d => d.PicksLevel).Select(d => d.Key)
        .Append(HparamKeys.Method)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The report of one or more studies; <paramref name="taskCounts"/> gives each study's graph size when known; every row
    /// is compared with its baseline as <paramref name="comparing"/> says (the dense network on the main metric by default).
    /// </summary>
    public static Report Build(IReadOnlyList<(string Study, IReadOnlyList<TrialRow> Rows)> studies, IReadOnlyDictionary<string, int>? taskCounts = null,
        IReadOnlyDictionary<string, IReadOnlyList<CombinationRow>>? combinations = null, Statistics.ComparisonSpec? comparing = null)
    {
        comparing ??= Statistics.ComparisonSpec.Default;
        var many = studies.Count > 1;
        var all = studies.SelectMany(s => s.Rows.Select(r => (s.Study, Row: r))).ToList();
        var parsed = new ParsedHparams();
        parsed.Prepare(all.Select(x => x.Row.Hparams));
        var labels = LabelsByRow(all, parsed);
        // Each row's label and level are asked for several times below: computed once per row (by reference).
        var labelOf = new Dictionary<TrialRow, string>(all.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < all.Count; i++) labelOf[all[i].Row] = many ? all[i].Study + ": " + labels[i] : labels[i];
        string Label((string Study, TrialRow Row) x) => labelOf[x.Row];
        string Target(string hparams) => parsed.Of(hparams).Target;
        // A failed or skipped task has no metrics, so its level comes from the completed tasks of the
        // same method variant, branch, round and target sparsity.
        var levels = all.Where(x => x.Row.Status == TaskStatuses.Completed && x.Row.WeightsRemaining.HasValue)
            .GroupBy(x => (Label(x), x.Row.Branch, x.Row.Round, Target(x.Row.Hparams)))
            .ToDictionary(g => g.Key, g => Level(g.First().Row));
        double RawLevelOf((string Study, TrialRow Row) x) => x.Row.WeightsRemaining.HasValue ? Level(x.Row)
            : levels.GetValueOrDefault((Label(x), x.Row.Branch, x.Row.Round, Target(x.Row.Hparams)), double.NaN);
        // Levels a method reaches differently per seed (COLT's intersections, SNIP's ties) are one level when they lie within 1 %.
        var merged = all.GroupBy(x => (x.Row.Model, x.Row.Dataset, Label(x), x.Row.Branch))
            .SelectMany(g => MergeLevels(g.Select(RawLevelOf)).Select(m => (Key: (g.Key.Model, g.Key.Dataset, g.Key.Item3, g.Key.Branch, Raw: m.Key), Level: m.Value)))
            .ToDictionary(e => e.Key, e => e.Level);
        var levelOf = new Dictionary<TrialRow, double>(all.Count, ReferenceEqualityComparer.Instance);
        double LevelOf((string Study, TrialRow Row) x)
        {
            if (levelOf.TryGetValue(x.Row, out var known)) return known;
            var raw = RawLevelOf(x);
            return levelOf[x.Row] = merged.TryGetValue((x.Row.Model, x.Row.Dataset, Label(x), x.Row.Branch, raw), out var level) ? level : raw;
        }
        var tables = new List<ReportTable>();
        foreach (var group in all.GroupBy(x => (x.Row.Model, x.Row.Dataset)).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Dataset, StringComparer.Ordinal))
        {
            var rows = group
                .GroupBy(x => (Method: Label(x), x.Row.Branch, Level: LevelOf(x)))
                .Select(g =>
                {
                    // One value per seed: tasks of one seed at one level (one-shot's dense run, repeated
                    // for every sparsity of a grid) are averaged first, so n is the number of seeds.
                    var bySeed = g.Where(x => x.Row.Status == TaskStatuses.Completed).GroupBy(x => x.Row.Seed).Select(s => s.ToArray()).ToList();
                    Stat? PerSeed(Func<TrialRow, double?> metric) => OverSeeds(bySeed, x => metric(x.Row));
                    return new ReportRow(g.Key.Method, g.Key.Branch, Shown(g.Select(x => x.Row), g.Key.Level),
                        PerSeed(r => r.TestAccuracyAtEarlyStop), PerSeed(r => r.TestAccuracyFinal), PerSeed(r => r.EarlyStopIteration),
                        bySeed.Count, g.Count(x => x.Row.Status != TaskStatuses.Completed), PerSeed(r => r.Instability))
                    {
                        Measurements = DeclaredMeasurements.All
                            .Select(m => (m.Name, Stat: PerSeed(r => r.Metrics.Get(m.Name))))
                            .Where(m => m.Stat is not null).ToDictionary(m => m.Name, m => m.Stat!),
                        MetricBySeed = bySeed
                            .Select(s => (Seed: s[0].Row.Seed, Values: s.Select(x => comparing.Metric.Value(x.Row)).Where(v => v.HasValue).Select(v => v!.Value).ToList()))
                            .Where(s => s.Values.Count > 0)
                            .ToDictionary(s => s.Seed, s => s.Values.Average()),
                    };
                })
                .OrderBy(r => NaturalKey(r.Method), StringComparer.Ordinal).ThenBy(r => r.Branch == Branches.Main ? "" : r.Branch, StringComparer.Ordinal)
                .ThenByDescending(r => r.WeightsRemaining)
                .ToList();
            var title = many ? $"{group.Key.Model} on {group.Key.Dataset}" : $"{studies[0].Study}: {group.Key.Model} on {group.Key.Dataset}";
            tables.Add(Statistics.ReportComparisons.Apply(new ReportTable(title, group.Key.Model, group.Key.Dataset, rows), comparing));
        }
        var completeness = studies.Select(s => new StudyCompleteness(s.Study, s.Rows.Count, s.Rows.Count(r => r.Status == TaskStatuses.Completed),
            taskCounts is not null && taskCounts.TryGetValue(s.Study, out var n) ? n : null) { Reused = s.Rows.Count(r => r.ReusedFrom is not null) }).ToList();
        var failures = all.Where(x => x.Row.Status == TaskStatuses.Failed)
            .Select(x => $"{x.Study}: {Label(x)} {x.Row.Branch} round {x.Row.Round} seed {x.Row.Seed}: {x.Row.Error}").ToList();
        return new Report(tables, completeness, failures, CombinedTables(all, combinations, Label, LevelOf, many ? null : studies[0].Study)) { Comparing = comparing };
    }

    private static IReadOnlyList<CombinedTable> CombinedTables(IReadOnlyList<(string Study, TrialRow Row)> all,
        IReadOnlyDictionary<string, IReadOnlyList<CombinationRow>>? combinations, Func<(string Study, TrialRow Row), string> label,
        Func<(string Study, TrialRow Row), double> levelOf, string? single)
    {
        if (combinations is null || combinations.Count == 0) return Array.Empty<CombinedTable>();
        var trials = all.Where(x => x.Row.Status == TaskStatuses.Completed).ToDictionary(x => (x.Study, x.Row.TaskId));
        var joined = combinations.SelectMany(s => s.Value.Select(c => (Combination: c, Trial: trials.TryGetValue((s.Key, c.TaskId), out var t) ? t : default)))
            .Where(x => x.Trial.Row is not null)
            // A combination is its kind and its members: several tasks of a trial that combine the same parents the same
            // way (COLT's part and full tasks of one round all intersect the same masks) are reported once, by the first.
            .GroupBy(x => (x.Trial.Study, x.Trial.Row.TrialId, x.Combination.Kind, Parents: string.Join(",", x.Trial.Row.ParentTaskIds ?? Array.Empty<string>())))
            .Select(g => g.OrderBy(x => x.Trial.Row.Branch, StringComparer.Ordinal).First())
            .ToList();
        var tables = new List<CombinedTable>();
        foreach (var group in joined.GroupBy(x => (x.Trial.Row.Model, x.Trial.Row.Dataset)).OrderBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Dataset, StringComparer.Ordinal))
        {
            var rows = group.GroupBy(x => (Method: label(x.Trial), x.Trial.Row.Branch, x.Combination.Kind, Level: levelOf(x.Trial)))
                .Select(g =>
                {
                    var bySeed = g.GroupBy(x => x.Trial.Row.Seed).Select(s => s.ToArray()).ToList();
                    Stat? PerSeed(Func<CombinationRow, double?> metric) => OverSeeds(bySeed, x => metric(x.Combination));
                    return new CombinedRow(g.Key.Method, g.Key.Branch, g.Key.Kind, Shown(g.Select(x => x.Trial.Row), g.Key.Level), PerSeed(c => c.TestAccuracy), PerSeed(c => c.MemberMeanTestAccuracy),
                        PerSeed(c => c.BestMemberTestAccuracy), PerSeed(c => c.MembersUsed), g.Max(x => x.Combination.Members), PerSeed(c => c.Disagreement),
                        PerSeed(c => c.KlDivergence), PerSeed(c => c.TestNll), PerSeed(c => c.MemberMeanTestNll), PerSeed(c => c.MaskOverlap), bySeed.Count);
                })
                .OrderBy(r => NaturalKey(r.Method), StringComparer.Ordinal).ThenBy(r => r.Branch, StringComparer.Ordinal).ThenByDescending(r => r.WeightsRemaining)
                .ToList();
            var title = single is null ? $"{group.Key.Model} on {group.Key.Dataset}: combined networks" : $"{single}: {group.Key.Model} on {group.Key.Dataset}: combined networks";
            tables.Add(new CombinedTable(title, group.Key.Model, group.Key.Dataset, rows));
        }
        return tables;
    }

    /// <summary>A metric over seeds: each seed's rows averaged first (rows without the metric left out), then mean ± std.</summary>
    private static Stat? OverSeeds<T>(IReadOnlyList<T[]> bySeed, Func<T, double?> metric)
    {
        var means = new List<double>(bySeed.Count);
        foreach (var seed in bySeed)
        {
            double sum = 0;
            var n = 0;
            foreach (var x in seed)
                if (metric(x) is { } v) { sum += v; n++; }
            if (n > 0) means.Add(sum / n);
        }
        return Stat.Of(means);
    }

    /// <summary>
    /// Groups levels (fractions of weights remaining) that lie within 1 % of the group's largest into one, their mean
    /// rounded like <see cref="Level"/>: seeds of one round whose masks differ slightly report together, while IMP's rounds
    /// (20 % apart) and a grid's sparsities stay apart.
    /// </summary>
    public static IReadOnlyDictionary<double, double> MergeLevels(IEnumerable<double> levels)
    {
        var result = new Dictionary<double, double>();
        var sorted = levels.Where(l => !double.IsNaN(l)).Distinct().OrderByDescending(l => l).ToList();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[i] - sorted[j + 1] <= 0.01 * sorted[i]) j++;
            var group = sorted.GetRange(i, j - i + 1);
            var mean = Math.Round(group.Average(), 4);
            foreach (var l in group) result[l] = mean;
            i = j + 1;
        }
        return result;
    }

    /// <summary>
    /// The weights remaining a report row shows: the mean of its rows' own values, not the rounded level they were grouped
    /// by (rounding that again for display rounded twice: 1.848 % showed as 1.9); the level when no row has one.
    /// </summary>
    private static double Shown(IEnumerable<TrialRow> rows, double level)
    {
        var values = rows.Where(r => r.WeightsRemaining.HasValue).Select(r => r.WeightsRemaining!.Value).ToList();
        return values.Count == 0 ? level : Math.Round(values.Average(), 6);   // 6 decimals: 0.8² is 0.64, not 0.6400000000000001
    }

    /// <summary>The level of a row: its fraction of weights remaining, rounded so seeds of one level group together.</summary>
    public static double Level(TrialRow row) => Math.Round(row.WeightsRemaining ?? double.NaN, 4);

    /// <summary>
    /// Method labels per (study, task id): the method name plus the <c>method.*</c>, <c>training.*</c> and <c>retraining.*</c> options
    /// (label noise, a method block's own training) that differ between its trials.
    /// </summary>
    public static IReadOnlyDictionary<(string Study, string TaskId), string> Labels(IReadOnlyList<(string Study, TrialRow Row)> rows)
    {
        var labels = LabelsByRow(rows, new ParsedHparams());
        var result = new Dictionary<(string, string), string>(rows.Count);
        for (var i = 0; i < rows.Count; i++) result[(rows[i].Study, rows[i].Row.TaskId)] = labels[i];
        return result;
    }

    /// <summary>The label of each row, by position (see <see cref="Labels"/>).</summary>
    private static string[] LabelsByRow(IReadOnlyList<(string Study, TrialRow Row)> rows, ParsedHparams parsed)
    {
        var result = new string[rows.Count];
        var options = new Dictionary<string, string>[rows.Count];
        for (var i = 0; i < rows.Count; i++) options[i] = parsed.Of(rows[i].Row.Hparams).Options;
        foreach (var method in Enumerable.Range(0, rows.Count).GroupBy(i => rows[i].Row.Method, StringComparer.Ordinal))
        {
            var keys = method.SelectMany(i => options[i].Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var varying = keys.Where(k => method.Select(i => options[i].GetValueOrDefault(k, "")).Distinct(StringComparer.Ordinal).Skip(1).Any()).ToList();
            foreach (var i in method)
            {
                var o = options[i];
                result[i] = varying.Count == 0 ? method.Key
                    : string.Join(" ", new[] { method.Key }.Concat(varying.Where(o.ContainsKey).Select(k => $"{(k.StartsWith("method.", StringComparison.Ordinal) ? k["method.".Length..] : k)}={o[k]}")));
            }
        }
        return result;
    }

    /// <summary>Sorts "k=500" before "k=1000": every run of digits is padded to 12 places.</summary>
    private static string NaturalKey(string s) => System.Text.RegularExpressions.Regex.Replace(s, "[0-9]+", m => m.Value.PadLeft(12, '0'));

    /// <summary>
    /// What the report reads from a row's <c>hparams</c> JSON — the options that may split a method, and the target
    /// sparsity — parsed once per distinct text (the tasks of a trial share theirs).
    /// </summary>
    private sealed class ParsedHparams
    {
        private readonly Dictionary<string, (Dictionary<string, string> Options, string Target)> _parsed = new(StringComparer.Ordinal);

        /// <summary>Parses every distinct text of <paramref name="texts"/> up front, on all cores.</summary>
        public void Prepare(IEnumerable<string> texts)
        {
            var distinct = texts.Where(t => !_parsed.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToArray();
            var results = new (Dictionary<string, string>, string)[distinct.Length];
            Parallel.For(0, distinct.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = Parse(distinct[i]));
            for (var i = 0; i < distinct.Length; i++) _parsed[distinct[i]] = results[i];
        }

        public (Dictionary<string, string> Options, string Target) Of(string hparamsJson) =>
            _parsed.TryGetValue(hparamsJson, out var known) ? known : _parsed[hparamsJson] = Parse(hparamsJson);

        // A forward-only read of the flat object (System.Text.Json's Utf8JsonReader): values are kept as their JSON text,
        // strings unquoted, exactly as JsonDocument's GetRawText / GetString give them.
        private static (Dictionary<string, string>, string) Parse(string hparamsJson)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(hparamsJson);
            var reader = new Utf8JsonReader(bytes);
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var target = "";
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("hyperparameters JSON must be an object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Most keys (dataset, model, seed …) are neither kept nor the target: decide on the raw bytes, allocate nothing.
                var isTarget = reader.ValueTextEquals(SparsityKey);
                var prefixed = !reader.ValueIsEscaped && (reader.ValueSpan.StartsWith("method."u8) || reader.ValueSpan.StartsWith("training."u8) || reader.ValueSpan.StartsWith("retraining."u8));
                var name = prefixed || reader.ValueIsEscaped ? reader.GetString()! : null;
                var keep = name is not null && ((name.StartsWith("method.", StringComparison.Ordinal) && !LevelKeys.Contains(name)) || name.StartsWith("training.", StringComparison.Ordinal)
                    || name.StartsWith("retraining.", StringComparison.Ordinal));
                reader.Read();
                if (!keep && !isTarget) { reader.Skip(); continue; }
                var start = (int)reader.TokenStartIndex;
                var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : null;
                reader.Skip();
                var raw = System.Text.Encoding.UTF8.GetString(bytes, start, (int)reader.BytesConsumed - start);
                if (isTarget) target = raw;
                if (keep) options[name!] = text ?? raw;
            }
            return (options, target);
        }
    }

    private static readonly byte[] SparsityKey = System.Text.Encoding.UTF8.GetBytes(HparamKeys.Sparsity);

    /// <summary>A percentage with one decimal, invariant culture.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
}
