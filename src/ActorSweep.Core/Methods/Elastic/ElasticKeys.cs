namespace ActorSweep.Core.Methods.Elastic;

/// <summary>
/// The <c>method.*</c> keys only this method reads, as written in study files, grids and the <c>hparams</c> JSON
/// column (a public format: keys are only ever added). Keys several methods share are <see cref="Tasks.HparamKeys"/>.
/// </summary>
public static class ElasticKeys
{
    public const string SourceModel = "method.source-model";
    public const string SourceRounds = "method.source-rounds";
    public const string BlockMapping = "method.block-mapping";
    public const string StartAtStepZero = "method.start-at-step-zero";
    public const string Baselines = "method.baselines";
}
