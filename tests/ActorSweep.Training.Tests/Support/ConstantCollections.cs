namespace ActorSweep.Training.Tests.Support;

/// <summary>
/// A thread that collects garbage and runs finalisers without pause while it lives — what freed TorchSharp's
/// temporary Scalars under libtorch's feet. Dispose to stop it; <see cref="Count"/> says how many collections ran.
/// Garbage left by earlier tests is finalised before it starts, so the pressure falls on the code under test.
/// </summary>
public sealed class ConstantCollections : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _count;

    private ConstantCollections()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref _count);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>Starts the collector thread.</summary>
    public static ConstantCollections Start() => new();

    /// <summary>Collections run so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
