using System.Globalization;
using System.Text;

namespace ActorSweep.Results.Analysis;

/// <summary>Writes a <see cref="Report"/> as an aligned text table (terminal), Markdown or CSV.</summary>
public static class ReportFormat
{
    private static readonly string[] Header =
        { "method", "branch", "weights %", "sparsity %", "test acc @ early stop %", "final test acc %", "early-stop it.", "seeds", "failed" };

    /// <summary>Plain aligned tables for a terminal.</summary>
    public static string Text(Report report) => Render(report, markdown: false);

    /// <summary>Markdown tables with a heading per table.</summary>
    public static string Markdown(Report report) => Render(report, markdown: true);

    /// <summary>One CSV of every table (columns: model, dataset, then the table's columns with means and stds apart).</summary>
    public static string Csv(Report report)
    {
        var sb = new StringBuilder();
        sb.AppendLine("model,dataset,method,branch,weights_remaining,test_accuracy_at_early_stop_mean,test_accuracy_at_early_stop_std,test_accuracy_final_mean,test_accuracy_final_std,early_stop_iteration_mean,early_stop_iteration_std,seeds,failed,instability_mean,instability_std,"
            + string.Concat(DeclaredMeasurements.All.Select(m => $"{m.Name}_mean,{m.Name}_std,"))
            + "baseline,diff_mean,diff_ci_low,diff_ci_high,p_value,p_holm,pairs,test,verdict,seeds_needed");
        foreach (var t in report.Tables)
            foreach (var r in t.Rows)
                sb.AppendLine(string.Join(",", Quote(t.Model), Quote(t.Dataset), Quote(r.Method), Quote(r.Branch), N(r.WeightsRemaining),
                    N(r.TestAccuracyAtEarlyStop?.Mean), N(r.TestAccuracyAtEarlyStop?.Std), N(r.TestAccuracyFinal?.Mean), N(r.TestAccuracyFinal?.Std),
                    N(r.EarlyStopIteration?.Mean), N(r.EarlyStopIteration?.Std), r.Seeds.ToString(CultureInfo.InvariantCulture), r.Failures.ToString(CultureInfo.InvariantCulture),
                    N(r.Instability?.Mean), N(r.Instability?.Std))
                    + string.Concat(DeclaredMeasurements.All.Select(m => r.Measurements.GetValueOrDefault(m.Name)).Select(s => $",{N(s?.Mean)},{N(s?.Std)}"))
                    + "," + CsvComparison(r.Comparison));
        return sb.ToString();
    }

    private static string Render(Report report, bool markdown)
    {
        var sb = new StringBuilder();
        foreach (var c in report.Completeness)
        {
            var state = c.Tasks is null ? $"{c.Rows} rows" : c.Finished ? $"finished, {c.Tasks} tasks" : $"NOT FINISHED (running, interrupted or partly failed): {c.Rows} of {c.Tasks} tasks have a row";
            sb.AppendLine($"{(markdown ? "- " : "")}study {c.Study}: {state}; {c.Completed} completed{(c.Reused > 0 ? $" ({c.Reused} reused from the task store)" : "")}, {c.Rows - c.Completed} failed or skipped");
        }
        sb.AppendLine();
        foreach (var t in report.Tables)
        {
            sb.AppendLine(markdown ? $"### {t.Title}" : t.Title);
            sb.AppendLine();
            var withInstability = t.Rows.Any(r => r.Instability is not null);
            var measured = DeclaredMeasurements.All.Where(m => t.Rows.Any(r => r.Measurements.ContainsKey(m.Name))).ToList();
            var comparing = report.Comparing;
            var unit = comparing.Metric.Scale == 100 ? "points" : comparing.Metric.Column;
            var header = Header.Concat(withInstability ? new[] { "instability %" } : Array.Empty<string>())
                .Concat(measured.Select(m => m.Label))
                .Concat(new[] { $"Δ vs {comparing.BaselineName} ({unit}, 95 % CI)", "p (Holm)", "seeds needed" }).ToArray();
            var cells = t.Rows.Select(r => new[]
            {
                r.Method, r.Branch, StudyReport.Percent(r.WeightsRemaining), StudyReport.Percent(1 - r.WeightsRemaining),
                Pm(r.TestAccuracyAtEarlyStop, 100, "0.00"), Pm(r.TestAccuracyFinal, 100, "0.00"), Pm(r.EarlyStopIteration, 1, "0"),
                r.Seeds.ToString(CultureInfo.InvariantCulture), r.Failures.ToString(CultureInfo.InvariantCulture),
            }.Concat(withInstability ? new[] { Pm(r.Instability, 100, "0.00") } : Array.Empty<string>())
             .Concat(measured.Select(m => Pm(r.Measurements.GetValueOrDefault(m.Name), m.Scale, m.Format)))
             .Concat(ComparisonCells(r.Comparison, comparing.Metric.Scale)).ToArray()).ToList();
            WriteTable(sb, header, cells, markdown, textColumns: 2);
            sb.AppendLine();
        }
        foreach (var t in report.CombinedTables) RenderCombined(sb, t, markdown);
        if (report.Failures.Count > 0)
        {
            sb.AppendLine(markdown ? "### Failures" : "Failures");
            foreach (var f in report.Failures) sb.AppendLine($"{(markdown ? "- " : "  ")}{f}");
        }
        return sb.ToString();
    }

    // Columns of a combined-networks table; a column every row lacks is left out (an ensemble has no mask overlap, COLT's
    // intersection no accuracy of its own).
    private static readonly (string Header, Func<CombinedRow, Stat?> Value, double Scale, string Format)[] CombinedColumns =
    {
        ("combined test acc %", r => r.TestAccuracy, 100, "0.00"),
        ("members' mean %", r => r.MemberMeanTestAccuracy, 100, "0.00"),
        ("best member (by val) %", r => r.BestMemberTestAccuracy, 100, "0.00"),
        ("members used", r => r.MembersUsed, 1, "0.0"),
        ("disagreement %", r => r.Disagreement, 100, "0.00"),
        ("KL", r => r.KlDivergence, 1, "0.0000"),
        ("NLL combined", r => r.TestNll, 1, "0.0000"),
        ("NLL members", r => r.MemberMeanTestNll, 1, "0.0000"),
        ("mask overlap (IoU) %", r => r.MaskOverlap, 100, "0.0"),
    };

    private static void RenderCombined(StringBuilder sb, CombinedTable t, bool markdown)
    {
        var columns = CombinedColumns.Where(c => t.Rows.Any(r => c.Value(r) is not null)).ToList();
        var header = new[] { "method", "branch", "kind", "weights %", "of" }.Concat(columns.Select(c => c.Header)).Append("seeds").ToArray();
        var cells = t.Rows.Select(r => new[] { r.Method, r.Branch, r.Kind, StudyReport.Percent(r.WeightsRemaining), r.Members.ToString(CultureInfo.InvariantCulture) }
            .Concat(columns.Select(c => Pm(c.Value(r), c.Scale, c.Format))).Append(r.Seeds.ToString(CultureInfo.InvariantCulture)).ToArray()).ToList();
        sb.AppendLine(markdown ? $"### {t.Title}" : t.Title);
        sb.AppendLine();
        WriteTable(sb, header, cells, markdown, textColumns: 3);
        sb.AppendLine();
    }

    private static void WriteTable(StringBuilder sb, IReadOnlyList<string> header, IReadOnlyList<string[]> cells, bool markdown, int textColumns)
    {
        if (markdown)
        {
            // A label a method declares may hold a '|' (a norm): escaped, so the table keeps its columns.
            static string Cell(string v) => v.Replace("|", "\\|", StringComparison.Ordinal);
            sb.AppendLine("| " + string.Join(" | ", header.Select(Cell)) + " |");
            sb.AppendLine("|" + string.Concat(header.Select((_, i) => i < textColumns ? " --- |" : " ---: |")));
            foreach (var row in cells) sb.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
            return;
        }
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        string Line(IReadOnlyList<string> row) => string.Join("  ", row.Select((v, i) => i < textColumns ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))).TrimEnd();
        sb.AppendLine(Line(header));
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells) sb.AppendLine(Line(row));
    }

    private static string Pm(Stat? s, double scale, string format) => s is null ? "–"
        : s.Std is { } sd ? $"{(s.Mean * scale).ToString(format, CultureInfo.InvariantCulture)} ± {(sd * scale).ToString(format, CultureInfo.InvariantCulture)}"
        : (s.Mean * scale).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The comparison column (<c>+0.40 [+0.21, +0.59] better</c>), its Holm-adjusted p and the seeds needed.</summary>
    private static string[] ComparisonCells(Statistics.RowComparison? c, double scale)
    {
        if (c is null) return new[] { "–", "", "" };
        string S(double v) => Statistics.ReportComparisons.Signed(v * scale);
        var note = c.Note is null ? "" : $" ({c.Note})";
        if (c.Test is not { } t) return new[] { $"{c.Verdict}{note}", "", "" };
        var p = c.PHolm is { } h ? (h < 0.0001 ? "< 0.0001" : h.ToString("0.0000", CultureInfo.InvariantCulture)) : "";
        return new[] { $"{S(t.Mean)} [{S(t.Low)}, {S(t.High)}] {c.Verdict}{note}", p, c.SeedsNeeded?.ToString(CultureInfo.InvariantCulture) ?? $"> {Statistics.SeedTests.SeedsCap}" };
    }

    private static string CsvComparison(Statistics.RowComparison? c) => c is null ? ",,,,,,,,,"
        : string.Join(",", Quote($"{c.Baseline} @ {N(c.BaselineLevel)}"), N(c.Test?.Mean), N(c.Test?.Low), N(c.Test?.High), N(c.Test?.P), N(c.PHolm),
            c.Test?.N.ToString(CultureInfo.InvariantCulture) ?? "", c.Test?.Test ?? "", Quote(c.Verdict),
            c.Test is null ? "" : c.SeedsNeeded?.ToString(CultureInfo.InvariantCulture) ?? $">{Statistics.SeedTests.SeedsCap}");

    private static string N(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
