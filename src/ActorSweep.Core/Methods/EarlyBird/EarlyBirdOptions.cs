using System.Collections.Immutable;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.EarlyBird;

/// <summary>Early-Bird's options, with the reference's defaults (GATECH-EIC/Early-Bird-Tickets <c>main.py</c>).</summary>
/// <param name="Ratio">The pruning ratio p: the fraction of channels (or weights) the ticket removes.</param>
/// <param name="CheckEvery">Iterations between mask draws (the reference: each epoch; 0 = one epoch here).</param>
/// <param name="Epsilon">The ticket is drawn when the newest mask is within ε of each of the older kept masks.</param>
/// <param name="MasksKept">Masks kept in the queue (the reference's <c>epoch_keep</c>, 5).</param>
/// <param name="Criterion">bn (channels by |γ| of every batch norm, the reference), magnitude (weights by |w|,
/// ActorSweep's extension for networks without batch norm), or auto (bn when the model has batch norm).</param>
/// <param name="BnL1">The search's L1 penalty s on batch-norm scales (<c>--sparsity-regularization</c>, <c>--s 1e-4</c>).</param>
/// <param name="Controls">Control branches off the ticket: random-reinit (the EB re-init control).</param>
public sealed record EarlyBirdOptions(double Ratio, int CheckEvery, double Epsilon, int MasksKept, string Criterion, double BnL1, IReadOnlyList<string> Controls)
{
    /// <summary>
    /// Whether the ticket's training (EB Train and the re-init control) keeps the same L1 penalty on batch-norm scales:
    /// the reference's <c>retrain_continue.sh</c> and <c>retrain_scratch.sh</c> pass <c>--sparsity-regularization</c> to
    /// <c>main_c.py</c>. The default from <see cref="DefaultsVersion.Release4"/>; studies before it retrained without.
    /// </summary>
    public const string RetrainBnL1Key = "method.retrain-bn-l1";

    /// <summary>Whether retraining applies the batch-norm L1 penalty (<see cref="RetrainBnL1Key"/>).</summary>
    public bool RetrainBnL1 { get; init; } = true;

    public const string Auto = "auto";
    public const string BatchNorm = "bn";
    public const string Magnitude = "magnitude";

    /// <summary>The schema.</summary>
    public static readonly OptionSchema<EarlyBirdOptions> Schema = new(new[]
    {
        new HparamDefinition(EarlyBirdKeys.Ratio, HparamType.Double, 0.5, HparamChecks.OpenFraction),
        new HparamDefinition(EarlyBirdKeys.CheckEvery, HparamType.Int, 0L, HparamChecks.NonNegative),
        new HparamDefinition(EarlyBirdKeys.Epsilon, HparamType.Double, 0.1, HparamChecks.OpenFraction),
        new HparamDefinition(EarlyBirdKeys.MasksKept, HparamType.Int, 5L, v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) >= 2 ? null : "must be >= 2"),
        new HparamDefinition(EarlyBirdKeys.Criterion, HparamType.String, Auto, HparamChecks.OneOf(Auto, BatchNorm, Magnitude)),
        new HparamDefinition(EarlyBirdKeys.BnL1, HparamType.Double, 1e-4, HparamChecks.NonNegative),
        new HparamDefinition(HparamKeys.Controls, HparamType.StringList, ImmutableArray.Create<object>(Branches.RandomReinit), HparamChecks.SubsetOf(new[] { Branches.RandomReinit })).AsLevel().GraphOnly(),
        new HparamDefinition(RetrainBnL1Key, HparamType.Bool, true).DefaultBefore(DefaultsVersion.Release4, false),
    }, v => new EarlyBirdOptions(v.Double(EarlyBirdKeys.Ratio), v.Int(EarlyBirdKeys.CheckEvery), v.Double(EarlyBirdKeys.Epsilon), v.Int(EarlyBirdKeys.MasksKept),
        v.String(EarlyBirdKeys.Criterion), v.Double(EarlyBirdKeys.BnL1), v.Strings(HparamKeys.Controls)) { RetrainBnL1 = v.Bool(RetrainBnL1Key) });

    /// <summary>The check interval for a run with <paramref name="stepsPerEpoch"/> steps per epoch.</summary>
    public int CheckInterval(int stepsPerEpoch) => CheckEvery > 0 ? CheckEvery : Math.Max(1, stepsPerEpoch);
}
