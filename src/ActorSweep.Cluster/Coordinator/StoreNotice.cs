namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// Something the user should know about the task store, shown once among the study's recent problems: an entry that failed a
/// check (the task is trained instead), or a study folder's artifact put back from the store.
/// </summary>
public sealed record StoreNotice(string Text);
