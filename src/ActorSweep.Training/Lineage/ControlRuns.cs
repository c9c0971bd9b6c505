using ActorSweep.Core.Lineage;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Metrics;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Lineage;

/// <summary>
/// The control branches off a pruned round (<see cref="Branches.Controls"/>), shared by IMP and one-shot:
/// <list type="bullet">
/// <item><c>random-reinit</c>: the round's mask with a fresh initialisation (Frankle &amp; Carbin; Liu et al.'s Scratch-E),
/// trained from the rewind point like the ticket (from 0 in release-1 studies);</item>
/// <item><c>random-mask</c>: a random mask with the round's per-layer counts, from θ0 (or θ_k);</item>
/// <item><c>scratch-b</c>: the round's mask from a fresh initialisation, trained for the dense run's multiply-add
/// budget, iterations × dense/sparse FLOPs capped by <c>method.scratch-b-max-factor</c> (Liu et al. 2019).</item>
/// </list>
/// Each trains a mask the search found, so a method block's <c>retraining { }</c> options apply to it as to the retrained
/// ticket (results version 2; before, controls trained with the trial's own options): the controls of boosting tickets are
/// trained adversarially like the tickets they control for.
/// </summary>
public static class ControlRuns
{
    /// <summary>Trains the control branch of the context's task off its parent round.</summary>
    public static TrainedTask Train(TaskContext context, int rewindIteration, ControlOptions options)
    {
        var task = context.Task;
        switch (task.Branch)
        {
            case Branches.RandomReinit:
            {
                // open_lth's randomly_reinitialize starts at the trial's train_start_step, like the ticket; release 1 started at 0.
                var model = context.NewModel(context.Random.ReinitControl(task.Round));
                var mask = context.Artifacts.LoadMask(context.Parent(), model.PrunableLayers);
                var start = DefaultsVersion.ReinitStartsAtRewind(task.DefaultsVersion) ? rewindIteration : 0;
                return TrainedTask.Of(model, mask, context.StartAndRetrain(model, mask, start));
            }
            case Branches.RandomMask:
            {
                var model = context.NewModel();
                var mask = RandomMasks.WithSameLayerCounts(context.Artifacts.LoadMask(context.Parent(), model.PrunableLayers), context.Random.RandomMaskControl(task.Round));
                var start = Rewinding.ResetToRoot(context, model, rewindIteration);
                return TrainedTask.Of(model, mask, context.StartAndRetrain(model, mask, start));
            }
            case Branches.ScratchB:
            {
                var model = context.NewModel(context.Random.ScratchControl(task.Round));
                var mask = context.Artifacts.LoadMask(context.Parent(), model.PrunableLayers);
                var train = context.TrainSplit;
                var (_, dense, sparse) = SparsityMetrics.Measure(model, mask, train.Channels, train.Height, train.Width);
                var factor = Math.Min(options.ScratchBMaxFactor, dense / sparse);
                var h = context.Retraining;
                model.WithActivation(h.Activation);
                var budget = h with
                {
                    Iterations = (int)Math.Round(h.Iterations * factor),
                    LrMilestones = h.LrMilestones.Select(m => (int)Math.Round(m * factor)).ToArray(),
                };
                return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask, 0, null, budget));
            }
            default:
                throw new NotSupportedException($"control '{task.Branch}' is not implemented; known controls: {string.Join(", ", Branches.Controls)}");
        }
    }
}
