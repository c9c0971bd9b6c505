namespace ActorSweep.Cluster.Coordinator;

/// <summary>The coordinator cannot run the study (its journal belongs to another graph); local, coordinator to monitor.</summary>
public sealed record StudyRefused(string Reason);
