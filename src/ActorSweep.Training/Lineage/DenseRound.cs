using ActorSweep.Core.Layout;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Lineage;

/// <summary>
/// Round 0 of a lineage: the dense network from the trial's θ0, trained to the end. When the trial rewinds to
/// k &gt; 0 it also saves θ_k (<c>rewind.pt</c>) after step k, for its pruned rounds and controls.
/// </summary>
public static class DenseRound
{
    /// <summary>Trains the dense round.</summary>
    public static TrainedTask Train(TaskContext context, int rewindIteration)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var mask = Mask.Ones(model.PrunableLayers);
        var hooks = rewindIteration > 0
            ? new TrainingHooks { AfterStep = step => { if (step == rewindIteration) context.Artifacts.SaveWeights(context.Task.TaskId, ArtifactNames.Rewind, model); } }
            : TrainingHooks.None;
        return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask, 0, hooks));
    }
}
