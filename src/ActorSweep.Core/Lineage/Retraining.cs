namespace ActorSweep.Core.Lineage;

/// <summary>
/// How a pruned network is retrained (<c>method.retrain</c>), after Renda et al. 2020. With T
/// iterations and rewind point k (<c>method.rewind-iteration</c>), each retrains for T − k iterations:
/// <list type="bullet">
/// <item><c>weight-rewind</c>: weights reset to θ_k (θ0 when k = 0, the original LTH), learning-rate schedule from k;</item>
/// <item><c>lr-rewind</c>: the trained weights kept, the learning-rate schedule replayed from k;</item>
/// <item><c>finetune</c>: the trained weights kept, the final learning rate throughout.</item>
/// </list>
/// </summary>
public static class Retraining
{
    public const string WeightRewind = "weight-rewind";
    public const string LrRewind = "lr-rewind";
    public const string FineTune = "finetune";

    /// <summary>The accepted values.</summary>
    public static readonly string[] All = { WeightRewind, LrRewind, FineTune };
}
