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

    /// <summary>
    /// The graph a study's journal was started with (its first event), without replaying the rest: null when the
    /// journal holds no event of the study. Cheap enough to check before a coordinator starts.
    /// </summary>
    public static async Task<Core.Coordination.StudyStarted?> ReadStartAsync(string study, JournalSettings journal)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = OFF\nakka.stdout-loglevel = OFF")
            .WithFallback(journal.ToAkkaConfig())
            .WithFallback(SweepConfig.Local());
        var persistenceId = journal.PersistenceIdFor(study);
        using var system = ActorSystem.Create("actorsweep-journal-start", config);
        try
        {
            var done = new TaskCompletionSource<Core.Coordination.StudyStarted?>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new StartReader(persistenceId, done)), "journal-start-reader");
            return await done.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    private sealed class StartReader : ReceivePersistentActor
    {
        private readonly TaskCompletionSource<Core.Coordination.StudyStarted?> _done;

        public StartReader(string persistenceId, TaskCompletionSource<Core.Coordination.StudyStarted?> done)
        {
            _done = done;
            PersistenceId = persistenceId;
            Core.Coordination.StudyStarted? start = null;
            Recover<Core.Coordination.StudyStarted>(s => start = s);
            Recover<StudyStarted>(legacy => start = new Core.Coordination.StudyStarted(legacy.Fingerprint, legacy.Tasks));   // release 1
            Recover<RecoveryCompleted>(_ =>
            {
                done.TrySetResult(start);
                Context.Stop(Self);
            });
            Recover<object>(_ => { });
        }

        public override string PersistenceId { get; }

        public override Recovery Recovery => new(SnapshotSelectionCriteria.None, toSequenceNr: 1);

        protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
            _done.TrySetException(new InvalidOperationException($"reading the journal failed: {reason.Message}", reason));
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
            Recover<object>(e => state = JournalReplay.Fold(state, e, graph));
        }

        public override string PersistenceId { get; }

        protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
            _done.TrySetException(new InvalidOperationException($"reading the journal failed: {reason.Message}", reason));
    }
}
