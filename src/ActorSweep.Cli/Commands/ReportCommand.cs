using System.Diagnostics;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Report;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep report &lt;out&gt;/&lt;study&gt; [more study folders…] [--format text|md|csv] [--out FILE] [--plots DIR]</c>:
/// per model and dataset, method × sparsity level → mean ± std over seeds of the test accuracy at
/// early stop and at the end, the early-stop iteration, the seeds and failures; works on running and
/// partly failed studies (and says so) and on several studies at once. <c>--plots</c> writes the
/// figures (PNG and SVG). Reads only; never changes a study folder.
/// </summary>
public static class ReportCommand
{
    private static readonly string[] Valued = { "format", "out", "plots" };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, Valued, Array.Empty<string>());
        if (a.Positionals.Count == 0) throw new UsageException("report needs at least one study folder, e.g. actorsweep report out/quick");
        var format = a.Get("format", "text")!;
        if (format is not ("text" or "md" or "csv")) throw new UsageException($"--format: expected text, md or csv, got '{format}'");
        var clock = Stopwatch.StartNew();
        var studies = new List<StudyData>();
        foreach (var folder in a.Positionals)
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
            if (File.Exists(layout.StudyFile) && ValidateCommand.TryLoad(layout.StudyFile, errors, out var spec))
            {
                tasks = TaskGraph.Build(spec).Tasks.Count;
                name = spec.Name;
            }
            IReadOnlyList<TrialRow> rows;
            try { rows = ResultReader.ReadTrials(layout); }
            catch (InvalidDataException e) { errors.WriteLine($"{layout.TrialsDir}: {e.Message}"); return ExitCodes.BadInput; }
            studies.Add(new StudyData(name, rows, a.Get("plots") is null ? Array.Empty<CurveRow>() : ResultReader.ReadCurves(layout),
                a.Get("plots") is null ? Array.Empty<InterpolationRow>() : ResultReader.ReadInterpolation(layout), tasks));
        }
        if (studies.All(s => s.Rows.Count == 0))
        {
            errors.WriteLine($"{string.Join(", ", a.Positionals)}: no results yet (trials/ holds no rows)");
            return ExitCodes.BadInput;
        }
        var report = StudyReport.Build(studies.Select(s => (s.Study, s.Rows)).ToList(),
            studies.Where(s => s.Tasks.HasValue).ToDictionary(s => s.Study, s => s.Tasks!.Value));
        var built = clock.Elapsed;

        var text = format switch { "md" => ReportFormat.Markdown(report), "csv" => ReportFormat.Csv(report), _ => ReportFormat.Text(report) };
        if (a.Get("out") is { } outFile)
        {
            var tmp = outFile + ".tmp";
            File.WriteAllText(tmp, text);
            File.Move(tmp, outFile, overwrite: true);
            output.Write(ReportFormat.Text(report));
            output.WriteLine($"{format} written to {outFile}");
        }
        else output.Write(text);
        if (a.Get("plots") is { } plots)
        {
            var files = ReportPlots.Write(report, studies, plots);
            output.WriteLine($"{files.Count} figure file(s) written to {Path.GetFullPath(plots)}");
        }
        output.WriteLine($"({studies.Sum(s => s.Rows.Count)} rows read and aggregated in {built.TotalMilliseconds:0} ms)");
        return ExitCodes.Ok;
    }
}
