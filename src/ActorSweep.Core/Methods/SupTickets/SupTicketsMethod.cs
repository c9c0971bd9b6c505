using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.SupTickets;

/// <summary>
/// Sup-tickets (Yin et al. 2022; luuyin/Sup-tickets <c>CIFAR/main_suptickets.py</c>): a dynamic-sparse run (RigL or SET)
/// whose last part is cyclic — regular mask updates off, a large prune-and-regrow at each cycle start, a triangular
/// learning rate per cycle — whose network at each cycle end is a cheap ticket, folded into a running average (CAA),
/// re-pruned globally by magnitude to the target density and batch-norm recalibrated. Two tasks: the run (its row is the
/// last single ticket), and the superposed ticket it left.
/// </summary>
public sealed class SupTicketsMethod : MethodDefinition<SupTicketsOptions>
{
    public const string MethodName = "sup-tickets";

    /// <summary>The definition.</summary>
    public SupTicketsMethod() : base(MethodName, "Sup-tickets: superpose the cheap tickets of a cyclic sparse phase into one (Yin et al. 2022)", SupTicketsOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(SupTicketsOptions options, Hparams trial)
    {
        var training = TrainingHparams.From(trial);
        var length = options.CycleLength(training.Iterations);
        if (length < 2)
            yield return $"{SupTicketsKeys.CycleFraction} ({options.CycleFraction}) of {HparamKeys.Iterations} ({training.Iterations}) leaves cycles of {length} steps for {options.Cycles} cycles; expected at least 2";
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(SupTicketsOptions options, PlanContext context) =>
        new[] { PlanNode.Start(1, Branches.Main), PlanNode.After(0, 1, SupTicketsBranches.Superposed) };
}
