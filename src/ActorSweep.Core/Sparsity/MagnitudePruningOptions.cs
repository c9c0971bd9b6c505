using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>
/// How one magnitude-pruning step chooses what to remove. <c>layerwise</c> removes a per-layer-kind
/// fraction of each layer's remaining weights (LTH paper: LeNet fc 20 %, output 10 %; Conv nets conv
/// 10–15 %). <c>global</c> removes <see cref="GlobalFraction"/> of all remaining prunable weights by
/// one magnitude threshold (open_lth's sparse_global), optionally leaving the output layer alone.
/// Null rates mean "the model's paper default", and a null <see cref="ExcludeOutput"/> the model's own choice
/// (open_lth: LeNet and VGG leave the output layer out of global pruning, ResNet does not). Shared by IMP and
/// one-shot pruning.
/// </summary>
public sealed record MagnitudePruningOptions(
    string Strategy,
    double? RateFc,
    double? RateConv,
    double? RateOutput,
    double GlobalFraction,
    bool? ExcludeOutput)
{
    public const string Layerwise = "layerwise";
    public const string Global = "global";
    public const double DefaultGlobalFraction = 0.2;

    /// <summary>The keys, with their defaults.</summary>
    public static readonly IReadOnlyList<HparamDefinition> Definitions = new[]
    {
        new HparamDefinition(HparamKeys.PruningStrategy, HparamType.String, Layerwise, HparamChecks.OneOf(Layerwise, Global)),
        new HparamDefinition(HparamKeys.RateFc, HparamType.Double, null, HparamChecks.OpenFraction, Optional: true),
        new HparamDefinition(HparamKeys.RateConv, HparamType.Double, null, HparamChecks.OpenFraction, Optional: true),
        new HparamDefinition(HparamKeys.RateOutput, HparamType.Double, null, HparamChecks.OpenFraction, Optional: true),
        new HparamDefinition(HparamKeys.GlobalFraction, HparamType.Double, DefaultGlobalFraction, HparamChecks.OpenFraction),
        // Unset: the model's default (open_lth leaves fc.weight out of global pruning for LeNet and VGG).
        new HparamDefinition(HparamKeys.GlobalExcludeOutput, HparamType.Bool, null, Optional: true).DefaultBefore(DefaultsVersion.Release2, false),
        new HparamDefinition(HparamKeys.Basis, HparamType.String, WeightBases.Canonical, HparamChecks.OneOf(WeightBases.All.ToArray())),
    };

    /// <summary>
    /// The basis the magnitudes are ranked in and the mask holds coefficients of (the generalized lottery ticket,
    /// <see cref="WeightBases"/>); <c>canonical</c>: the weights themselves.
    /// </summary>
    public string Basis { get; init; } = WeightBases.Canonical;

    /// <summary>Why the basis cannot apply to the trial's model, or nothing.</summary>
    public IEnumerable<string> BasisProblems(TrialFacts facts)
    {
        if (WeightBases.NotImplemented(Basis) is { } missing) yield return missing;
        else if (Basis != WeightBases.Canonical && facts.Model is { ConvLayers: true })
            yield return $"{HparamKeys.Basis} = {Basis} transforms fully connected weight matrices (W ↦ L·W·Rᵀ); this model has convolution layers, which it cannot take; expected {WeightBases.Canonical} or a model of fully connected layers (lenet-…)";
    }

    /// <summary>True for <c>strategy = global</c>.</summary>
    public bool IsGlobal => Strategy == Global;

    /// <summary>Binds the options from a schema that includes <see cref="Definitions"/>.</summary>
    public static MagnitudePruningOptions From(OptionValues v) => new(
        v.String(HparamKeys.PruningStrategy),
        v.DoubleOrNull(HparamKeys.RateFc),
        v.DoubleOrNull(HparamKeys.RateConv),
        v.DoubleOrNull(HparamKeys.RateOutput),
        v.Double(HparamKeys.GlobalFraction),
        v.BoolOrNull(HparamKeys.GlobalExcludeOutput)) { Basis = v.String(HparamKeys.Basis) };
}
