using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.DstEnsemble;

/// <summary>The DST ensemble's options: M, the target sparsity and layer distribution, the mask-update schedule and growth.</summary>
public sealed record DstEnsembleOptions(int Members, double Sparsity, LayerDistribution Distribution, MaskUpdateSchedule Updates, bool? PruneFirstLayer, GrowthCriterion Growth)
{
    /// <summary>The schema, with FreeTickets' defaults.</summary>
    public static readonly OptionSchema<DstEnsembleOptions> Schema = new(
        new[] { FreeTicketsOptions.MembersOption }.Concat(FreeTicketsOptions.SparseTraining),
        v => new DstEnsembleOptions(v.Int(HparamKeys.Members), v.Double(HparamKeys.Sparsity), LayerDistributions.From(v), MaskUpdateSchedule.From(v),
            v.BoolOrNull(HparamKeys.PruneFirstLayer), v.Choose(HparamKeys.Growth, GrowthCriteria.Words)));
}
