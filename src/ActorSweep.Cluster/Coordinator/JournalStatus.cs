using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Persistence;
using ActorSweep.Core.Coordination;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// A study's coordinator state read from its journal without a cluster: a read-only actor with the
/// coordinator's persistence id replays the events over the task graph and stops. It never writes,
/// so it is safe while a coordinator is running.
/// </summary>
public static class JournalStatus
{
    /// <summary>Replays the SQLite journal <paramref name="journalFile"/> over <paramref name="graph"/>.</summary>
    public static Task<CoordinatorState> ReadAsync(TaskGraph graph, string journalFile, int maxAttempts = CoordinatorState.DefaultMaxAttempts)
    {
        if (!File.Exists(journalFile)) throw new FileNotFoundException($"{journalFile}: no journal (the study was never started here)", journalFile);
        return ReadAsync(graph, new JournalSettings.Sqlite(journalFile), maxAttempts);
    }

    /// <summary>Replays the coordinator's events in <paramref name="journal"/> over <paramref name="graph"/>.</summary>
    public static async Task<CoordinatorState> ReadAsync(TaskGraph graph, JournalSettings journal, int maxAttempts = CoordinatorState.DefaultMaxAttempts)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = ERROR\nakka.stdout-loglevel = ERROR")
            .WithFallback(journal.ToAkkaConfig())
            .WithFallback(SweepConfig.Local());
        var persistenceId = journal.PersistenceIdFor(graph.Study);
        using var system = ActorSystem.Create("actorsweep-status", config);
        try
        {
            var done = new TaskCompletionSource<CoordinatorState>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new Reader(graph, persistenceId, maxAttempts, done)), "journal-reader");
            return await done.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    private sealed class Reader : ReceivePersistentActor
    {
        private readonly TaskCompletionSource<CoordinatorState> _done;

        public Reader(TaskGraph graph, string persistenceId, int maxAttempts, TaskCompletionSource<CoordinatorState> done)
        {
            _done = done;
            PersistenceId = persistenceId;
            var state = CoordinatorState.For(graph, maxAttempts);
            Recover<RecoveryCompleted>(_ =>
            {
                done.TrySetResult(state);
                Context.Stop(Self);
            });
            Recover<object>(e => state = JournalReplay.Fold(state, e));
        }

        public override string PersistenceId { get; }

        protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
            _done.TrySetException(new InvalidOperationException($"reading the journal failed: {reason.Message}", reason));
    }
}
