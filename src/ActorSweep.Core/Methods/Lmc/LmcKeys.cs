namespace ActorSweep.Core.Methods.Lmc;

/// <summary>
/// The <c>method.*</c> keys only this method reads, as written in study files, grids and the <c>hparams</c> JSON
/// column (a public format: keys are only ever added). Keys several methods share are <see cref="Tasks.HparamKeys"/>.
/// </summary>
public static class LmcKeys
{
    public const string InterpolationPoints = "method.interpolation-points";
}
