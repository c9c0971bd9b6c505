using System.Globalization;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>
/// When and how much dynamic sparse training changes its mask, as google-research/rigl's sparse
/// optimizers: every <see cref="UpdateEvery"/> steps until <see cref="EndFraction"/> of training, each
/// layer drops <see cref="DropFraction"/> of its active weights (cosine-decayed by default) and grows as
/// many. Shared by SET and RigL, whose defaults (rigl's CIFAR settings) are these.
/// </summary>
public sealed record MaskUpdateSchedule(int UpdateEvery, double DropFraction, double EndFraction, string DropSchedule)
{
    public const string Cosine = "cosine";
    public const string Constant = "constant";
    public const int DefaultUpdateEvery = 100;
    public const double DefaultDropFraction = 0.3;
    public const double DefaultEndFraction = 0.75;

    /// <summary>The keys, with their defaults.</summary>
    public static readonly IReadOnlyList<HparamDefinition> Definitions = new[]
    {
        new HparamDefinition(HparamKeys.UpdateEvery, HparamType.Int, (long)DefaultUpdateEvery, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.DropFraction, HparamType.Double, DefaultDropFraction, HparamChecks.OpenFraction),
        new HparamDefinition(HparamKeys.EndFraction, HparamType.Double, DefaultEndFraction,
            v => Convert.ToDouble(v, CultureInfo.InvariantCulture) is > 0 and <= 1 ? null : "must be in (0, 1]"),
        new HparamDefinition(HparamKeys.DropSchedule, HparamType.String, Cosine, HparamChecks.OneOf(Cosine, Constant)),
    };

    /// <summary>Binds the schedule from a schema that includes <see cref="Definitions"/>.</summary>
    public static MaskUpdateSchedule From(OptionValues v) => new(
        v.Int(HparamKeys.UpdateEvery), v.Double(HparamKeys.DropFraction), v.Double(HparamKeys.EndFraction), v.String(HparamKeys.DropSchedule));
}
