namespace ActorSweep.Core.Methods.WiseFt;

/// <summary>
/// The <c>method.*</c> keys only WiSE-FT reads, as written in study files, grids and the <c>hparams</c> JSON column (a public
/// format: keys are only ever added). The source keys are shared with the soups (<see cref="Tasks.HparamKeys.SourceMethod"/>,
/// <see cref="Tasks.HparamKeys.SourceRound"/>).
/// </summary>
public static class WiseFtKeys
{
    public const string Alphas = "method.alphas";
}
