namespace ActorSweep.Cluster.Coordinator;

/// <summary>
/// First journaled event of a study: a fingerprint of its task ids. The task graph itself is not
/// journaled — it is rebuilt from the study file — so a resume checks that it rebuilt the same graph.
/// A persisted format: never rename.
/// </summary>
public sealed record StudyStarted(string Fingerprint, int Tasks);
