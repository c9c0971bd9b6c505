using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Dashboard;

/// <summary>
/// The status of a study folder for <c>actorsweep dashboard</c>: from its live coordinator when the folder's
/// lock names one that answers (the dashboard joins that cluster as a plain member, as <c>status</c> does),
/// otherwise replayed from the journal — re-read only when the journal file changed.
/// </summary>
public sealed class FolderStatusSource : IStatusSource
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);
    private readonly StudyLayout _layout;
    private readonly TaskGraph _graph;
    private readonly JournalSettings _journal;
    private readonly string? _configFile;
    private readonly TimeProvider _time;
    private readonly EtaEstimator _eta;
    private SweepNode? _client;
    private string? _clientSeed;
    private (string Key, CoordinatorState State)? _replayed;

    /// <summary>A source for the study in <paramref name="layout"/> whose journal is <paramref name="journal"/>.</summary>
    public FolderStatusSource(StudyLayout layout, TaskGraph graph, JournalSettings journal, string? configFile, TimeProvider time)
    {
        _layout = layout;
        _graph = graph;
        _journal = journal;
        _configFile = configFile;
        _time = time;
        _eta = new EtaEstimator(time);
    }

    /// <inheritdoc />
    public async Task<StatusView> ReadAsync(CancellationToken cancellation)
    {
        var owner = StudyLock.LiveOwner(_layout);
        if (owner?.SeedAddress is { } address)
        {
            try
            {
                var client = await ClientFor(address).ConfigureAwait(false);
                var s = await client.StatusAsync(AskTimeout).WaitAsync(cancellation).ConfigureAwait(false);
                return StatusViews.FromLive(s, owner.ToString(), _eta.Update(s), _time.GetUtcNow());
            }
            catch (Akka.Actor.AskTimeoutException) { }
            catch (ClusterJoinException) { }   // the coordinator went away just now: the journal tells the rest
        }
        if (_journal is JournalSettings.Sqlite { File: var file } && !File.Exists(file))
        {
            // A folder of results copied without its journal (results/<study>/), or a study not started yet: the rows tell what is done.
            var rows = ResultReader.ReadRowStatuses(_layout);
            var fresh = CoordinatorState.For(_graph);
            fresh = fresh.ApplyAll(fresh.Decide(new Recover(rows, _time.GetUtcNow().UtcDateTime)).Events);
            var view = StatusViews.FromJournal(_graph.Study, fresh, owner?.ToString(), _time.GetUtcNow());
            return view with
            {
                Source = "rows",
                Note = rows.Count == 0 ? "the study has not started: it has no journal and no rows yet"
                    : $"this folder has no journal: the status is rebuilt from its {rows.Count} Parquet rows" + (fresh.IsFinished ? "" : " (tasks without a row show as waiting)"),
            };
        }
        var key = JournalKey();
        var state = key is not null && _replayed?.Key == key ? _replayed.Value.State
            : await JournalStatus.ReadAsync(_graph, _journal).WaitAsync(cancellation).ConfigureAwait(false);
        if (key is not null) _replayed = (key, state);
        return StatusViews.FromJournal(_graph.Study, state, owner?.ToString(), _time.GetUtcNow());
    }

    /// <summary>Size and time of the SQLite journal and its write-ahead log; null (always re-read) for a server journal.</summary>
    private string? JournalKey()
    {
        if (_journal is not JournalSettings.Sqlite { File: var file }) return null;
        static string Stamp(string f) => File.Exists(f) ? $"{new FileInfo(f).Length}@{File.GetLastWriteTimeUtc(f).Ticks}" : "-";
        return $"{Stamp(file)}|{Stamp(file + "-wal")}";
    }

    private async Task<SweepNode> ClientFor(string seed)
    {
        if (_client is not null && _clientSeed == seed) return _client;
        if (_client is not null) await _client.DisposeAsync().ConfigureAwait(false);
        _client = SweepNode.StartStatusClient(seed, _configFile, _time);
        _clientSeed = seed;
        return _client;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync().ConfigureAwait(false);
    }
}
