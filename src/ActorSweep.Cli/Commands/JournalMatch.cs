using ActorSweep.Cluster.Coordinator;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// Before a coordinator starts on a study folder: does the folder's journal belong to the task graph its study file
/// gives now? A study file edited after the study started (another round, another grid value) gives other task ids;
/// resuming it would mix two studies in one folder. It is refused before anything runs, saying how much differs and
/// what to do, rather than left to the coordinator's replay.
/// </summary>
public static class JournalMatch
{
    /// <summary>Null when the journal is empty or records this graph; otherwise the one-line refusal.</summary>
    public static async Task<string?> CheckAsync(TaskGraph graph, StudyLayout layout, JournalSettings journal)
    {
        if (journal is JournalSettings.Sqlite { File: var file } && !File.Exists(file)) return null;
        ActorSweep.Core.Coordination.StudyStarted? started;
        try { started = await JournalStatus.ReadStartAsync(graph.Study, journal).ConfigureAwait(false); }
        catch (InvalidOperationException e)
        {
            return $"{journal.Describe()}: {e.Message}; the study's journal is damaged or not an ActorSweep journal. Nothing was run or changed. " +
                   "Restore it from a copy, or run the study anew into another folder";
        }
        if (started is null || graph.Matches(started.Fingerprint)) return null;
        var ids = graph.Tasks.Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
        var rows = ResultReader.ReadTaskIds(layout);
        var foreign = rows.Count(id => !ids.Contains(id));
        return $"{layout.StudyFile} no longer matches what {layout.Root} recorded: the study started with {started.Tasks} task(s) (graph {started.Fingerprint}), " +
               $"the file now gives {graph.Tasks.Count} (graph {graph.Fingerprint}); {foreign} of the folder's {rows.Count} result row(s) belong to tasks the file no longer has. " +
               $"Nothing was run or changed. Restore the study file the study was started with, or run the edited file as a new study: " +
               $"actorsweep run <edited file> --out <another folder>";
    }
}
