using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>An in-memory journal whose writes start failing after <see cref="WritesBeforeFailure"/> (the database went away).</summary>
public sealed class FailingJournal : MemoryJournal
{
    public static int WritesBeforeFailure = int.MaxValue;
    private static int _writes;

    public static void Reset(int writesBeforeFailure)
    {
        _writes = 0;
        WritesBeforeFailure = writesBeforeFailure;
    }

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _writes) > WritesBeforeFailure) throw new IOException("disk I/O error (injected: the journal's database went away)");
        return base.WriteMessagesAsync(messages, cancellationToken);
    }
}
