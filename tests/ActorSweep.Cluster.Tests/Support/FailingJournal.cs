using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>An in-memory journal whose writes start failing after <see cref="WritesBeforeFailure"/> (the database went away).</summary>
public sealed class FailingJournal : MemoryJournal
{
    public static int WritesBeforeFailure = int.MaxValue;
    private static int _writes;

    /// <summary>Replays fail (a journal that cannot be read).</summary>
    public static bool ReplayFails;

    public static void Reset(int writesBeforeFailure, bool replayFails = false)
    {
        _writes = 0;
        WritesBeforeFailure = writesBeforeFailure;
        ReplayFails = replayFails;
    }

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        ReplayFails ? throw new IOException("file is not a database (injected: the journal cannot be read)") : base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public override Task ReplayMessagesAsync(Akka.Actor.IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        ReplayFails ? throw new IOException("file is not a database (injected: the journal cannot be read)")
            : base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback);

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _writes) > WritesBeforeFailure) throw new IOException("disk I/O error (injected: the journal's database went away)");
        return base.WriteMessagesAsync(messages, cancellationToken);
    }
}
