using ActorSweep.Cluster.Hosting;
using System.CommandLine;
using System.Diagnostics;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Report;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Analysis.Statistics;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep report &lt;out&gt;/&lt;study&gt; [more study folders…] [--format text|md|csv] [--out FILE] [--plots DIR]</c>:
/// per model and dataset, method × sparsity level → mean ± std over seeds of the test accuracy at
/// early stop and at the end, the early-stop iteration, the seeds and failures; works on running and
/// partly failed studies (and says so) and on several studies at once, side by side or, with <c>--pool NAME</c>, as
/// the seed-split parts of one study. <c>--plots</c> writes the
/// figures (PNG and SVG). Reads only; never changes a study folder.
/// </summary>
public static class ReportCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var folders = new Argument<string[]>("folders") { Description = "one or more study folders", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "text, md or csv", DefaultValueFactory = _ => "text" };
        format.Validators.Add(r =>
        {
            var f = r.GetValueOrDefault<string>();
            if (f is not ("text" or "md" or "csv")) r.AddError($"--format: expected text, md or csv, got '{f}'");
        });
        var outFile = new Option<string?>("--out") { Description = "write the table to this file (the terminal still shows the text table)" };
        var plots = new Option<string?>("--plots") { Description = "write the figures (PNG and SVG) into this folder" };
        var pool = new Option<string?>("--pool") { Description = "treat the folders as parts of one study of this name (a study run seed by seed): rows are pooled, so mean ± std run over every part's seeds" };
        var baseline = new Option<string?>("--baseline")
        {
            Description = "compare each row with this baseline over seeds: dense (default: the dense network of the same model, dataset and training) or METHOD[:BRANCH], e.g. imp:random-reinit, at the nearest level within 1 point",
        };
        var metric = new Option<string>("--metric")
        {
            Description = $"the trials column compared: {string.Join(", ", ReportMetric.All.Select(m => m.Column))}",
            DefaultValueFactory = _ => ReportMetric.Default.Column,
        };
        var command = new Command("report", "tables (mean ± std over seeds per method and sparsity, each row compared with a baseline: paired t over seeds, Holm-adjusted) and figures of one or more studies")
            { folders, format, outFile, plots, pool, baseline, metric };
        command.SetAction(p => Run(p.GetValue(folders)!, p.GetValue(format)!, p.GetValue(outFile), p.GetValue(plots), output, errors, p.GetValue(pool),
            p.GetValue(baseline), p.GetValue(metric)));
        return command;
    }

    /// <summary>Writes the report; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> folders, string format, string? outFile, string? plotsDir, TextWriter output, TextWriter errors, string? pool = null,
        string? baseline = null, string? metricName = null)
    {
        if (folders.Count == 0) throw new UsageException("report needs at least one study folder, e.g. actorsweep report out/quick");
        if (format is not ("text" or "md" or "csv")) throw new UsageException($"--format: expected text, md or csv, got '{format}'");
        var metric = ReportMetric.Find(metricName ?? ReportMetric.Default.Column)
            ?? throw new UsageException($"--metric: unknown column '{metricName}'; expected one of {string.Join(", ", ReportMetric.All.Select(m => m.Column))}");
        var comparing = ComparisonSpec.Parse(baseline, metric);
        var clock = Stopwatch.StartNew();
        var studies = new List<StudyData>();
        var faults = new List<(string Study, NodeFaultRecord Fault)>();
        var failovers = new List<(string Study, CoordinatorRecord Record)>();
        var combinations = new Dictionary<string, IReadOnlyList<CombinationRow>>();
        foreach (var folder in folders)
        {
            var layout = new StudyLayout(folder);
            if (!Directory.Exists(layout.Root)) { errors.WriteLine($"{folder}: no such folder; expected a study folder such as out/<study>"); return ExitCodes.BadInput; }
            if (!Directory.Exists(layout.TrialsDir) && !File.Exists(layout.StudyFile))
            {
                errors.WriteLine($"{layout.Root}: not a study folder (neither study.hocon nor trials/)");
                return ExitCodes.BadInput;
            }
            int? tasks = null;
            var name = Path.GetFileName(layout.Root);
            if (File.Exists(layout.StudyFile) && StudyFolder.TryLoad(layout, errors, out var spec))
            {
                tasks = TaskGraph.Build(spec).Tasks.Count;
                name = spec.Name;
            }
            IReadOnlyList<TrialRow> rows;
            try { rows = ResultReader.WithShiftMeasurements(ResultReader.ReadTrials(layout), ResultReader.ReadRobustness(layout)); }
            catch (InvalidDataException e) { errors.WriteLine($"{layout.TrialsDir}: {e.Message}"); return ExitCodes.BadInput; }
            studies.Add(new StudyData(name, rows, plotsDir is null ? Array.Empty<CurveRow>() : ResultReader.ReadCurves(layout),
                plotsDir is null ? Array.Empty<InterpolationRow>() : ResultReader.ReadInterpolation(layout), tasks));
            faults.AddRange(ResultReader.ReadFaults(layout).Select(f => (name, f)));
            failovers.AddRange(CoordinatorHistory.Read(layout).Where(r => r.Kind == CoordinatorStart.Failover).Select(r => (name, r)));
            if (ResultReader.ReadCombinations(layout) is { Count: > 0 } combined) combinations[name] = combined;
        }
        if (pool is not null)
        {
            // Parts of one study split by seed: the same task twice (a seed run in two parts) would be counted twice.
            var twice = studies.SelectMany(s => s.Rows.Select(r => (s.Study, r.TaskId))).GroupBy(x => x.TaskId).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
            {
                errors.WriteLine($"--pool {pool}: task {twice.Key} has rows in {string.Join(" and ", twice.Select(x => x.Study))}; the parts of a pooled study must hold different seeds");
                return ExitCodes.BadInput;
            }
            studies = new List<StudyData>
            {
                new(pool, studies.SelectMany(s => s.Rows).ToList(), studies.SelectMany(s => s.Curves).ToList(), studies.SelectMany(s => s.Interpolation).ToList(),
                    studies.All(s => s.Tasks.HasValue) ? studies.Sum(s => s.Tasks!.Value) : null),
            };
            faults = faults.Select(f => (pool, f.Fault)).ToList();
            combinations = combinations.Count == 0 ? combinations
                : new Dictionary<string, IReadOnlyList<CombinationRow>> { [pool] = combinations.Values.SelectMany(c => c).ToList() };
        }
        if (studies.All(s => s.Rows.Count == 0))
        {
            errors.WriteLine($"{string.Join(", ", folders)}: no results yet (trials/ holds no rows)");
            return ExitCodes.BadInput;
        }
        if (comparing.BaselineMethod is { } m && !studies.Any(s => s.Rows.Any(r => r.Method == m && r.Branch == comparing.BaselineBranch)))
        {
            errors.WriteLine($"--baseline {baseline}: no row of {string.Join(", ", folders)} has method {m} and branch {comparing.BaselineBranch}; " +
                             $"expected dense or METHOD[:BRANCH] of these studies, e.g. {string.Join(", ", studies.SelectMany(s => s.Rows).Select(r => $"{r.Method}:{r.Branch}").Distinct().Order().Take(6))}");
            return ExitCodes.BadInput;
        }
        var report = StudyReport.Build(studies.Select(s => (s.Study, s.Rows)).ToList(),
            studies.Where(s => s.Tasks.HasValue).ToDictionary(s => s.Study, s => s.Tasks!.Value), combinations, comparing);
        var built = clock.Elapsed;

        var text = format switch { "md" => ReportFormat.Markdown(report), "csv" => ReportFormat.Csv(report), _ => ReportFormat.Text(report) };
        if (outFile is not null)
        {
            var tmp = outFile + ".tmp";
            File.WriteAllText(tmp, text);
            File.Move(tmp, outFile, overwrite: true);
            output.Write(ReportFormat.Text(report));
            output.WriteLine($"{format} written to {outFile}");
        }
        else output.Write(text);
        // Node faults never count against a task, so they are not in the failures above: list them apart.
        foreach (var byNode in faults.GroupBy(f => (f.Study, f.Fault.Node)))
        {
            var out_ = byNode.FirstOrDefault(f => f.Fault.Excluded);
            output.WriteLine($"node fault{(byNode.Count() > 1 ? "s" : "")}: {byNode.Key.Study}: node {byNode.Key.Node}: {byNode.Count()} fault(s), the last: {byNode.Last().Fault.Error}" +
                             (out_.Fault is { } x ? $" — taken out of service at {x.At:yyyy-MM-dd HH:mm:ss} UTC" : ""));
        }
        // A coordinator that died and was replaced by its standby changes no result, but the reader should know it happened.
        foreach (var (study, r) in failovers) output.WriteLine($"coordinator {CoordinatorHistory.Describe(r)} ({study})");
        if (plotsDir is not null)
        {
            var files = ReportPlots.Write(report, studies, plotsDir);
            output.WriteLine($"{files.Count} figure file(s) written to {Path.GetFullPath(plotsDir)}");
        }
        output.WriteLine($"({studies.Sum(s => s.Rows.Count)} rows read and aggregated in {built.TotalMilliseconds:0} ms)");
        return ExitCodes.Ok;
    }
}
