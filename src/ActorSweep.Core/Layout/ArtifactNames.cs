namespace ActorSweep.Core.Layout;

/// <summary>Names of the per-task artifacts. Each is written to a temporary name and renamed.</summary>
public static class ArtifactNames
{
    /// <summary>The weights the task started training from (θ0 for round 0).</summary>
    public const string Init = "init.pt";

    /// <summary>θ_k, saved by a round-0 task whose trial rewinds to iteration k &gt; 0.</summary>
    public const string Rewind = "rewind.pt";

    /// <summary>The binary masks the task trained under.</summary>
    public const string Mask = "mask.pt";

    /// <summary>The trained weights at the end of the task.</summary>
    public const string Final = "final.pt";

    /// <summary>The second copy's trained weights of a linear-mode-connectivity pair.</summary>
    public const string FinalB = "final-b.pt";

    /// <summary>The weights at the evaluation with the best validation accuracy so far (a checkpoint a combination uses).</summary>
    public const string BestValidation = "best.pt";
}
