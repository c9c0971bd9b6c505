using System.Globalization;
using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Edst;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Ensembles;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Methods.Edst;

/// <summary>
/// FreeTickets' EDST (<c>main_EDST.py</c>). The run: dynamic sparse training from the trial's θ0 and random ERK mask;
/// exploration at the constant base rate (the README's <c>--nolrsche</c>; <c>exploration-lr = schedule</c>: the trial's
/// schedule); then M refine phases, each at 0.1× the base rate for its
/// first half and 0.01× for its second (the reference's 0.01 / 0.001 of 0.1), every phase after the first opening with
/// a large prune-and-regrow of <c>large-drop-fraction</c> of each layer's active weights. Regular mask updates go on
/// throughout. At each evaluation inside phase i whose validation accuracy beats the phase's best, the weights are
/// saved as member i (<c>member-i.pt</c>). The ensemble task averages the members' softmax outputs.
/// </summary>
/// <remarks>
/// The reference also keeps a MultiStepLR at epochs/2 and 3/4 when run without <c>--nolrsche</c>, which multiplies
/// into the manual phase rates; its README runs EDST with <c>--nolrsche</c> (no scheduler at all: a constant rate while
/// exploring), which is what this follows by default. Its best
/// accuracy is not reset when exploration ends, so phase 0 may save no member; here every phase starts afresh.
/// </remarks>
public sealed class EdstTrainer : MethodTrainer<EdstOptions>
{
    /// <summary>The trainer.</summary>
    public EdstTrainer() : base(new EdstMethod()) { }

    /// <summary>The artifact of member <paramref name="index"/> (0-based).</summary>
    public static string MemberArtifact(int index) => string.Create(CultureInfo.InvariantCulture, $"member-{index}.pt");

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, EdstOptions options) => context.Task.Branch switch
    {
        Branches.Main => Run(context, options),
        EnsembleBranches.Ensemble => EnsembleTask.Evaluate(context, Enumerable.Range(0, options.Members).Select(i => (context.Parent(), MemberArtifact(i))).ToList(),
            context.Artifacts.LoadMask(context.Parent(), context.ModelLayers)),
        _ => throw UnknownBranch(context),
    };

    private static TrainedTask Run(TaskContext context, EdstOptions options)
    {
        var training = context.Training;
        var phases = options.PhasesOf(training.Iterations);
        var start = DynamicSparseTraining.Start(context, options.Sparsity, options.Distribution, options.PruneFirstLayer, context.Random);
        var regular = new DynamicSparsity(options.Growth, training.Iterations, options.Updates, context.Random.MaskUpdates, start.DenseLayers);
        var updates = new PhasedMaskUpdates(regular, Enumerable.Range(1, options.Members - 1).Select(phases.StartOf), options.LargeDropFraction);
        var best = Enumerable.Repeat(double.NegativeInfinity, options.Members).ToArray();
        var hooks = new TrainingHooks
        {
            MaskUpdater = updates,
            LearningRate = step => phases.LearningRate(step, training.LearningRate, options.ExplorationRate(training)),
            AfterEvaluation = (point, model) =>
            {
                var phase = phases.PhaseAfter(point.Iteration);
                if (phase < 0 || !(point.ValAccuracy > best[phase])) return;
                best[phase] = point.ValAccuracy;
                context.Artifacts.SaveWeights(context.Task.TaskId, MemberArtifact(phase), model);
            },
        };
        var trained = TrainedTask.Of(start.Model, start.Mask, context.StartAndTrain(start.Model, start.Mask, 0, hooks));
        var missing = Enumerable.Range(0, options.Members).Where(i => !context.Artifacts.Exists(context.Task.TaskId, MemberArtifact(i))).ToList();
        if (missing.Count > 0)
            throw new DeterministicTaskFailure($"EDST saved no member for refine phase(s) {string.Join(", ", missing)} ({phases}); every phase needs an evaluation with a validation accuracy");
        return trained;
    }
}
