namespace ActorSweep.Core.Methods.Soup;

/// <summary>
/// The <c>method.*</c> keys only this method reads, as written in study files, grids and the <c>hparams</c> JSON
/// column (a public format: keys are only ever added). Keys several methods share are <see cref="Tasks.HparamKeys"/>.
/// </summary>
public static class SoupKeys
{
    public const string SourceRound = Tasks.HparamKeys.SourceRound;
    public const string FinetuneLrs = "method.finetune-lrs";
    public const string FinetuneSeeds = "method.finetune-seeds";
    public const string Soups = "method.soups";
}
