using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Edst;

/// <summary>
/// FreeTickets' EDST ensemble (Liu et al. 2022, <c>main_EDST.py</c>): one dynamic-sparse run with an exploration
/// phase and M refine phases (learning rate lowered mid-phase, a large prune-and-regrow at each later phase start);
/// each phase's best checkpoint by validation accuracy is a member. Two tasks: the run, and the ensemble of its members.
/// </summary>
public sealed class EdstMethod : MethodDefinition<EdstOptions>
{
    public const string MethodName = "edst";

    /// <summary>The definition.</summary>
    public EdstMethod() : base(MethodName, "FreeTickets EDST: one sparse run, M refine phases, their best checkpoints ensembled (Liu et al. 2022)", EdstOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(EdstOptions options, Hparams trial)
    {
        var training = TrainingHparams.From(trial);
        var phases = options.PhasesOf(training.Iterations);
        if (phases.PhaseLength < 2)
            yield return $"{HparamKeys.Iterations} ({training.Iterations}) leaves refine phases of {phases.PhaseLength} steps ({phases}); expected at least 2";
        else if (training.EvalEvery > phases.PhaseLength)
            yield return $"{HparamKeys.EvalEvery} ({training.EvalEvery}) is longer than a refine phase ({phases.PhaseLength} steps); each phase needs an evaluation to choose its member";
        if (training.ValidationSize == 0)
            yield return $"EDST keeps, in each refine phase, the member with the best validation accuracy; set {HparamKeys.ValidationSize} > 0";
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(EdstOptions options, PlanContext context) =>
        new[] { PlanNode.Start(0, Branches.Main), PlanNode.After(0, 0, EnsembleBranches.Ensemble) };
}
