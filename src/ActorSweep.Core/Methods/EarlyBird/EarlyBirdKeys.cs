namespace ActorSweep.Core.Methods.EarlyBird;

/// <summary>
/// The <c>method.*</c> keys only this method reads, as written in study files, grids and the <c>hparams</c> JSON
/// column (a public format: keys are only ever added). Keys several methods share are <see cref="Tasks.HparamKeys"/>.
/// </summary>
public static class EarlyBirdKeys
{
    public const string Ratio = "method.ratio";
    public const string CheckEvery = "method.check-every";
    public const string Epsilon = "method.epsilon";
    public const string MasksKept = "method.masks-kept";
    public const string Criterion = "method.criterion";
    public const string BnL1 = "method.bn-l1";
}
