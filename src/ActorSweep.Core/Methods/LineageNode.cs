namespace ActorSweep.Core.Methods;

/// <summary>
/// One task of a trial's lineage as a method plans it, before ids exist: its round, branch and the
/// index (in the same plan) of the node it starts from.
/// </summary>
/// <param name="Round">0 = dense; k = k-th pruning round.</param>
/// <param name="Branch">Branch name (<see cref="Tasks.Branches"/>).</param>
/// <param name="ParentIndex">Index of the parent node in the plan; null for the root.</param>
public sealed record LineageNode(int Round, string Branch, int? ParentIndex);
