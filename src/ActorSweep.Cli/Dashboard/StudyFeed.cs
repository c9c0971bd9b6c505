using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Analysis;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Dashboard;

/// <summary>
/// What the dashboard serves of one study: its status (from <see cref="IStatusSource"/>, at most once a second
/// however many pages poll) and the views of its Parquet rows, rebuilt only when the set of parts changed — once for
/// every request waiting for them (<see cref="SharedBuild{T}"/>), never blocking a request thread.
/// </summary>
public sealed class StudyFeed : IAsyncDisposable
{
    private static readonly TimeSpan StatusFresh = TimeSpan.FromSeconds(1);
    private readonly IStatusSource _status;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _statusGate = new(1, 1);
    private readonly SharedBuild<(ResultsView View, IReadOnlyList<TrialRow> Rows)> _results = new();
    private readonly SharedBuild<ILookup<string, CurveRow>> _curves = new();
    private StatusView? _lastStatus;
    private DateTimeOffset _lastStatusAt;
    private long _builtAtTicks;
    private long _buildTookTicks;

    /// <summary>The feed of the study in <paramref name="layout"/>, whose graph is <paramref name="graph"/>.</summary>
    public StudyFeed(StudyLayout layout, TaskGraph graph, IStatusSource status, TimeProvider time)
    {
        Layout = layout;
        Graph = graph;
        _status = status;
        _time = time;
    }

    /// <summary>The study's name (the key in the URLs).</summary>
    public string Name => Graph.Study;

    /// <summary>The study folder.</summary>
    public StudyLayout Layout { get; }

    /// <summary>The study's task graph.</summary>
    public TaskGraph Graph { get; }

    /// <summary>The study's status; one read per second at most, shared by every caller.</summary>
    public async Task<StatusView> StatusAsync(CancellationToken cancellation)
    {
        await _statusGate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (_lastStatus is null || now - _lastStatusAt >= StatusFresh)
            {
                var status = await _status.ReadAsync(cancellation).ConfigureAwait(false);
                _lastStatus = status.EtaSeconds is null && !status.Done && status.Source == "live" ? status with { EtaSeconds = await EtaFromRowsAsync(status).ConfigureAwait(false) } : status;
                _lastStatusAt = now;
            }
            return _lastStatus;
        }
        finally { _statusGate.Release(); }
    }

    /// <summary>
    /// Until a task finishes while the page watches, the ETA comes from the rows: the remaining tasks × the mean
    /// training time of the completed ones ÷ the slots. Null without a completed row.
    /// </summary>
    private async Task<double?> EtaFromRowsAsync(StatusView status)
    {
        var rows = (await LoadResultsAsync().ConfigureAwait(false)).Rows;
        var times = rows.Where(r => r.Status == TaskStatuses.Completed && r.WallSeconds is > 0).Select(r => r.WallSeconds!.Value).ToList();
        var slots = status.Nodes.Where(n => n.InService).Sum(n => n.Slots.Count);
        if (times.Count == 0 || slots == 0) return null;
        return (status.Total - status.Finished) * times.Average() / slots;
    }

    /// <summary>The rows written so far and the figures drawn from them.</summary>
    public async Task<ResultsView> ResultsAsync() => (await LoadResultsAsync().ConfigureAwait(false)).View;

    /// <summary>The validation curves of trial <paramref name="trialId"/>; null when the study has no row of that trial.</summary>
    public async Task<CurvesView?> CurvesAsync(string trialId)
    {
        var rows = (await LoadResultsAsync().ConfigureAwait(false)).Rows
            .Where(r => r.TrialId == trialId).OrderBy(r => r.Round).ThenBy(r => r.Branch == Branches.Main ? "" : r.Branch, StringComparer.Ordinal).ToList();
        if (rows.Count == 0) return null;
        var byTask = await _curves.GetAsync(PartsKey(Layout.CurvesDir),
            () => ReadWithRetry(() => ResultReader.ReadCurves(Layout)).ToLookup(c => c.TaskId, StringComparer.Ordinal)).ConfigureAwait(false);
        var tasks = rows.Where(r => byTask.Contains(r.TaskId)).Select(r =>
        {
            var points = byTask[r.TaskId].OrderBy(c => c.Iteration).ToList();
            var level = r.WeightsRemaining is { } w ? $" · {StudyReport.Percent(w)} % of weights" : "";
            var label = $"round {r.Round}{(r.Branch == Branches.Main ? "" : " " + r.Branch)}{level}";
            return new CurveSeries(r.TaskId, r.Round, r.Branch, label, points.Select(c => c.Iteration).ToList(), points.Select(c => c.ValAccuracy).ToList(),
                points.Select(c => c.ValLoss).ToList());
        }).ToList();
        return new CurvesView(Name, trialId, tasks);
    }

    /// <summary>
    /// The rows and their views, rebuilt when the parts changed — but not sooner than five times the last rebuild's
    /// duration after it, so that a large study's dashboard takes at most a sixth of a core from its trainers.
    /// </summary>
    private Task<(ResultsView View, IReadOnlyList<TrialRow> Rows)> LoadResultsAsync()
    {
        var sinceBuilt = _time.GetUtcNow().UtcTicks - Interlocked.Read(ref _builtAtTicks);
        if (_results.Latest is { } recent && sinceBuilt < Interlocked.Read(ref _buildTookTicks) * 5) return Task.FromResult(recent.Value);
        return _results.GetAsync(PartsKey(Layout.TrialsDir), () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var rows = ReadWithRetry(() => ResultReader.WithShiftMeasurements(ResultReader.ReadTrials(Layout), ResultReader.ReadRobustness(Layout)));
            var built = (Build(rows), rows);
            Interlocked.Exchange(ref _buildTookTicks, clock.Elapsed.Ticks);
            Interlocked.Exchange(ref _builtAtTicks, _time.GetUtcNow().UtcTicks);
            return ((ResultsView, IReadOnlyList<TrialRow>))built;
        });
    }

    private ResultsView Build(IReadOnlyList<TrialRow> rows)
    {
        var tables = rows.Count == 0 ? new List<PlotTable>()
            : StudyReport.Build(new[] { (Name, rows) }).Tables.Select(Plot).ToList();
        var trials = rows.GroupBy(r => r.TrialId).OrderBy(g => g.Min(r => r.StartedAt)).Select(g =>
        {
            var first = g.OrderBy(r => r.Round).First();
            return new TrialView(g.Key, $"{first.Model} {first.Method} seed {first.Seed} ({g.Key[..Math.Min(8, g.Key.Length)]})", first.Seed, g.Count());
        }).ToList();
        return new ResultsView(Name, rows.Count, rows.Count(r => r.Status == TaskStatuses.Completed), rows.Count(r => r.Status == TaskStatuses.Failed),
            rows.Count(r => r.Status == TaskStatuses.Skipped), Graph.Tasks.Count, tables, trials);
    }

    private static PlotTable Plot(ReportTable table)
    {
        var dense = DenseBaseline.Of(table, r => r.TestAccuracyAtEarlyStop);
        var series = table.Rows.GroupBy(r => (r.Method, r.Branch)).Select(g => new PlotSeries(
            g.Key.Branch == Branches.Main ? g.Key.Method : $"{g.Key.Method} ({g.Key.Branch})", g.Key.Method, g.Key.Branch,
            g.Where(r => r.WeightsRemaining > 0).OrderByDescending(r => r.WeightsRemaining)
                .Select(r => new PlotPoint(r.WeightsRemaining, View(r.TestAccuracyAtEarlyStop), View(r.TestAccuracyFinal), View(r.EarlyStopIteration), r.Seeds, r.Failures)
                {
                    VersusDense = r.Comparison is { } c
                        ? new ComparisonView(c.Baseline, c.Test?.Mean, c.Test?.Low, c.Test?.High, c.Test?.Test, c.PHolm, c.Verdict, c.SeedsNeeded, c.Note)
                        : null,
                    Measurements = DeclaredMeasurements.All.Where(m => r.Measurements.ContainsKey(m.Name))
                        .Select(m => (m, s: r.Measurements[m.Name]))
                        .Select(x => new MeasurementView(x.m.Name, x.m.Label, x.m.Scale, x.m.Format, x.s.Mean, x.s.Std, x.s.N)).ToList(),
                })
                .ToList())).ToList();
        return new PlotTable(table.Title, table.Model, table.Dataset, dense is { } d ? new StatView(d.Mean, d.Spread, d.Seeds) : null, series);
    }

    private static StatView? View(Stat? s) => s is null ? null : new StatView(s.Mean, s.Std, s.N);

    /// <summary>The names and sizes of a dataset's parts: a new row, a compaction or a new part changes it.</summary>
    private static string PartsKey(string dir)
    {
        if (!Directory.Exists(dir)) return "";
        return string.Join("|", new DirectoryInfo(dir).EnumerateFiles("*.parquet").OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}:{f.Length}"));
    }

    /// <summary>A compaction may swap the parts between listing and opening; the next listing sees the new ones.</summary>
    private static T ReadWithRetry<T>(Func<T> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return read(); }
            catch (IOException) when (attempt < 5) { Thread.Sleep(50 * attempt); }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _status.DisposeAsync().ConfigureAwait(false);
        _statusGate.Dispose();
    }
}
