using Akka.Actor;
using Akka.Event;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Store;

/// <summary>
/// Puts the coordinator's trained tasks into the <see cref="TaskStore"/> off its thread (hashing and copying artifacts
/// takes milliseconds per task). A task that cannot be stored is logged and left out: the store is a saving, never a
/// condition of the study. Answers <see cref="DrainStore"/> once everything asked before it is stored.
/// </summary>
public sealed class TaskStoreActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Stores into <paramref name="reuse"/>'s store.</summary>
    public TaskStoreActor(TaskReuse reuse)
    {
        Receive<StoreTask>(s =>
        {
            try
            {
                reuse.Store.Put(s.Record, Path.Combine(reuse.ArtifactsRoot, s.Record.Spec.TaskId), reuse.Source);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                _log.Warning("task {0} was not put into the task store {1}: {2}", s.Record.Spec.TaskId, reuse.Store.Root, e.Message);
            }
        });
        Receive<DrainStore>(_ => Sender.Tell(StoreDrained.Instance));
    }

    /// <summary>Props for the store writer.</summary>
    public static Props Props(TaskReuse reuse) => Akka.Actor.Props.Create(() => new TaskStoreActor(reuse));
}

/// <summary>Put this trained, committed task into the store.</summary>
public sealed record StoreTask(TaskRecord Record);

/// <summary>Answer once every <see cref="StoreTask"/> sent before this is done.</summary>
public sealed record DrainStore
{
    /// <summary>The single instance.</summary>
    public static readonly DrainStore Instance = new();
}

/// <summary>The answer to <see cref="DrainStore"/>.</summary>
public sealed record StoreDrained
{
    /// <summary>The single instance.</summary>
    public static readonly StoreDrained Instance = new();
}
