using ActorSweep.Core.Layout;
using ActorSweep.Training.Models;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Lineage;

/// <summary>Resetting a network to its trial's starting point: θ0, or θ_k when the trial rewinds to k &gt; 0.</summary>
public static class Rewinding
{
    /// <summary>Loads θ0 (or θ_k) of the trial's dense round into <paramref name="model"/>; returns the iteration training resumes at.</summary>
    public static int ResetToRoot(TaskContext context, SparseNet model, int rewindIteration)
    {
        context.Artifacts.LoadWeights(context.Root, rewindIteration > 0 ? ArtifactNames.Rewind : ArtifactNames.Init, model);
        return rewindIteration;
    }
}
