using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Imp;

/// <summary>
/// How one magnitude-pruning step chooses what to remove. <c>layerwise</c> removes a per-layer-kind
/// fraction of each layer's remaining weights (LTH paper: LeNet fc 20 %, output 10 %; Conv nets conv
/// 10–15 %). <c>global</c> removes <see cref="GlobalFraction"/> of all remaining prunable weights by
/// one magnitude threshold (open_lth's sparse_global), optionally leaving the output layer alone.
/// Null rates mean "the model's paper default".
/// </summary>
public sealed record PruningOptions(
    string Strategy,
    double? RateFc,
    double? RateConv,
    double? RateOutput,
    double GlobalFraction,
    bool ExcludeOutput)
{
    public const string Layerwise = "layerwise";
    public const string Global = "global";
    public const double DefaultGlobalFraction = 0.2;

    /// <summary>Reads the view from a trial's hyperparameters.</summary>
    public static PruningOptions From(Hparams h) => new(
        h.GetString(HparamKeys.PruningStrategy, Layerwise)!,
        h.GetDoubleOrNull(HparamKeys.RateFc),
        h.GetDoubleOrNull(HparamKeys.RateConv),
        h.GetDoubleOrNull(HparamKeys.RateOutput),
        h.GetDouble(HparamKeys.GlobalFraction, DefaultGlobalFraction),
        h.GetBool(HparamKeys.GlobalExcludeOutput, false));
}
