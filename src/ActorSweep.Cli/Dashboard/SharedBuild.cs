namespace ActorSweep.Cli.Dashboard;

/// <summary>
/// A value built from files that change (the views of a study's Parquet rows), keyed by the files' version. However
/// many requests want a version, it is built once (single flight) on the thread pool, and every request awaits that one
/// build: no request thread blocks on another's build, so a burst of requests costs one build, not one each in turn.
/// A failed build is not kept; the next request tries again.
/// </summary>
/// <typeparam name="T">The built value.</typeparam>
public sealed class SharedBuild<T>
{
    private readonly object _gate = new();
    private (string Key, T Value)? _built;
    private (string Key, Task<T> Task)? _pending;

    /// <summary>The last value built, whatever its key; null before the first build ends.</summary>
    public (string Key, T Value)? Latest
    {
        get { lock (_gate) return _built; }
    }

    /// <summary>The value of version <paramref name="key"/>: the one built, the build in flight, or a new build.</summary>
    public Task<T> GetAsync(string key, Func<T> build)
    {
        lock (_gate)
        {
            if (_built is { } built && built.Key == key) return Task.FromResult(built.Value);
            if (_pending is { } pending && pending.Key == key) return pending.Task;
            var task = Task.Run(() =>
            {
                try
                {
                    var value = build();
                    lock (_gate) _built = (key, value);
                    return value;
                }
                finally
                {
                    lock (_gate) if (_pending?.Key == key) _pending = null;
                }
            });
            _pending = (key, task);
            return task;
        }
    }
}
