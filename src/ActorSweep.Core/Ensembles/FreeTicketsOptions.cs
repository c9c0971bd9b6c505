using System.Globalization;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Ensembles;

/// <summary>
/// What FreeTickets' two sparse ensembles share (VITA-Group/FreeTickets, <c>sparselearning/core.py</c> and the README's
/// commands): M members at a target sparsity with ERK layer densities, dynamic sparse training by magnitude death and
/// gradient (RigL) or random (SET) growth every 1,000 steps, dropping a constant 50 % of each layer's active weights
/// (<c>truncate_weights(args.death_rate)</c> uses the rate undecayed) until the end of training.
/// </summary>
public static class FreeTicketsOptions
{
    public const int DefaultMembers = 3;

    /// <summary><c>method.members</c>: M.</summary>
    public static readonly HparamDefinition MembersOption = new(HparamKeys.Members, HparamType.Int, (long)DefaultMembers, v => (long)v is >= 2 and <= 32 ? null : "must be between 2 and 32");

    /// <summary><c>method.growth</c>: gradient (RigL) or random (SET).</summary>
    public static readonly HparamDefinition GrowthOption = GrowthCriteria.Words.Option(HparamKeys.Growth, GrowthCriterion.Gradient);

    /// <summary>The sparse-training keys with FreeTickets' defaults (update every 1,000 steps, drop 0.5, constant, to the end).</summary>
    public static IEnumerable<HparamDefinition> SparseTraining => new[]
    {
        TargetSparsity.Option, LayerDistributions.Option(LayerDistribution.ErdosRenyiKernel),
        new HparamDefinition(HparamKeys.UpdateEvery, HparamType.Int, 1000L, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.DropFraction, HparamType.Double, 0.5, HparamChecks.OpenFraction),
        new HparamDefinition(HparamKeys.EndFraction, HparamType.Double, 1.0, v => Convert.ToDouble(v, CultureInfo.InvariantCulture) is > 0 and <= 1 ? null : "must be in (0, 1]"),
        new HparamDefinition(HparamKeys.DropSchedule, HparamType.String, MaskUpdateSchedule.Constant, HparamChecks.OneOf(MaskUpdateSchedule.Cosine, MaskUpdateSchedule.Constant)),
        FirstLayer.PruneOption, GrowthOption,
    };
}

/// <summary>The branches of the ensemble methods (part of task identity and of the Parquet output: never rename one).</summary>
public static class EnsembleBranches
{
    /// <summary>One independently trained member (round i = member i, from 1).</summary>
    public const string Member = "member";

    /// <summary>The ensemble: the members' softmax outputs averaged.</summary>
    public const string Ensemble = "ensemble";
}
