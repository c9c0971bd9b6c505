using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.SupTickets;

/// <summary>
/// Sup-tickets' options, with the defaults of luuyin/Sup-tickets' README commands (<c>--update-frequency 1000
/// --prune-rate 0.5 --decay-schedule constant --growth gradient --large-death-rate 0.5 --cycle_rate 0.1 --lr_1 0.001
/// --lr_2 0.005 --update_bn</c>). The reference counts cycles in epochs (<c>--cycle 8</c>); here the cyclic phase is
/// ⌊T · cycle-fraction⌋ iterations split into <c>cycles</c> equal cycles.
/// </summary>
/// <param name="Sparsity">Target sparsity of the sparse run and of the superposed ticket.</param>
/// <param name="Distribution">Layer densities of the sparse run (ERK).</param>
/// <param name="Updates">The regular mask updates before the cyclic phase.</param>
/// <param name="PruneFirstLayer">Null: the model's default.</param>
/// <param name="Growth">gradient (RigL) or random (SET).</param>
/// <param name="Cycles">Cheap tickets: cycles in the cyclic phase.</param>
/// <param name="CycleFraction">The reference's <c>cycle_rate</c>: the share of training that is cyclic.</param>
/// <param name="Lr1">The learning rate at each cycle's start and end (<c>--lr_1</c>).</param>
/// <param name="Lr2">The learning rate at mid-cycle (<c>--lr_2</c>).</param>
/// <param name="LargeDropFraction">The prune-and-regrow at each cycle start (<c>--large-death-rate</c>).</param>
/// <param name="UpdateBatchNorm">Recalibrate batch norm of the superposed ticket on the training data (<c>--update_bn</c>).</param>
public sealed record SupTicketsOptions(double Sparsity, LayerDistribution Distribution, MaskUpdateSchedule Updates, bool? PruneFirstLayer, GrowthCriterion Growth,
    int Cycles, double CycleFraction, double Lr1, double Lr2, double LargeDropFraction, bool UpdateBatchNorm)
{
    /// <summary>The schema.</summary>
    public static readonly OptionSchema<SupTicketsOptions> Schema = new(
        FreeTicketsOptions.SparseTraining.Concat(new[]
        {
            new HparamDefinition(SupTicketsKeys.Cycles, HparamType.Int, 3L, v => (long)v is >= 1 and <= 100 ? null : "must be between 1 and 100"),
            new HparamDefinition(SupTicketsKeys.CycleFraction, HparamType.Double, 0.1, HparamChecks.OpenFraction),
            new HparamDefinition(SupTicketsKeys.CycleLr1, HparamType.Double, 0.001, HparamChecks.Positive),
            new HparamDefinition(SupTicketsKeys.CycleLr2, HparamType.Double, 0.005, HparamChecks.Positive),
            new HparamDefinition(HparamKeys.LargeDropFraction, HparamType.Double, 0.5, HparamChecks.OpenFraction),
            new HparamDefinition(HparamKeys.UpdateBatchNorm, HparamType.Bool, true),
        }),
        v => new SupTicketsOptions(v.Double(HparamKeys.Sparsity), LayerDistributions.From(v), MaskUpdateSchedule.From(v), v.BoolOrNull(HparamKeys.PruneFirstLayer),
            v.Choose(HparamKeys.Growth, GrowthCriteria.Words), v.Int(SupTicketsKeys.Cycles), v.Double(SupTicketsKeys.CycleFraction), v.Double(SupTicketsKeys.CycleLr1), v.Double(SupTicketsKeys.CycleLr2),
            v.Double(HparamKeys.LargeDropFraction), v.Bool(HparamKeys.UpdateBatchNorm)));

    /// <summary>The iterations of one cycle in a run of <paramref name="iterations"/>.</summary>
    public int CycleLength(int iterations) => (int)(iterations * CycleFraction) / Cycles;

    /// <summary>Where the cyclic phase starts: the dynamic-sparse pre-training ends.</summary>
    public int CyclicStart(int iterations) => iterations - Cycles * CycleLength(iterations);

    /// <summary>
    /// The reference's <c>cyclic_learning_rate</c> at step <paramref name="step"/> of the cyclic phase: with t the position
    /// within the cycle in [0, 1), lr₁(1 − 2t) + lr₂·2t up to mid-cycle, then lr₁(2t − 1) + lr₂(2 − 2t).
    /// </summary>
    public double CyclicLearningRate(int step, int iterations)
    {
        var length = CycleLength(iterations);
        var t = (step - CyclicStart(iterations)) % length / (double)length;
        return t < 0.5 ? Lr1 * (1 - 2 * t) + Lr2 * 2 * t : Lr1 * (2 * t - 1) + Lr2 * (2 - 2 * t);
    }
}

/// <summary>The branches of sup-tickets (part of task identity: never rename one).</summary>
public static class SupTicketsBranches
{
    /// <summary>The superposed ticket the run left, evaluated against the cycles' tickets.</summary>
    public const string Superposed = "superposed";
}
