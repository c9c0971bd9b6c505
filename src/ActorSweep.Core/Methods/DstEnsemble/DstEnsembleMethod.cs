using ActorSweep.Core.Ensembles;

namespace ActorSweep.Core.Methods.DstEnsemble;

/// <summary>
/// FreeTickets' DST ensemble (Liu et al. 2022, <c>main_DST.py</c> run M times, then <c>ensemble_freetickets.py</c>): M
/// independent dynamic-sparse runs of the trial's model (each its own initialisation, initial mask and data order,
/// drawn from the trial's seed and the member's number), then one ensemble task with the M members as parents that
/// averages their softmax outputs.
/// </summary>
public sealed class DstEnsembleMethod : MethodDefinition<DstEnsembleOptions>
{
    public const string MethodName = "dst-ensemble";

    /// <summary>The definition.</summary>
    public DstEnsembleMethod() : base(MethodName, "FreeTickets: an ensemble of M independent dynamic-sparse networks (Liu et al. 2022)", DstEnsembleOptions.Schema) { }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(DstEnsembleOptions options, PlanContext context)
    {
        var plan = Enumerable.Range(1, options.Members).Select(i => PlanNode.Start(i, EnsembleBranches.Member)).ToList();
        plan.Add(new PlanNode(0, EnsembleBranches.Ensemble, Enumerable.Range(0, options.Members).Select(PlanEdge.Local).ToArray()));
        return plan;
    }
}
