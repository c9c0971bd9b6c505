using ActorSweep.Core.Methods.AtInit;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Dynamic;

/// <summary>
/// Dynamic sparse training, as google-research/rigl's sparse optimizers: start from a random mask
/// with the layer densities of <c>method.distribution</c> at <c>method.sparsity</c>; every
/// <c>method.update-every</c> steps until <c>method.end-fraction</c> of training, drop the
/// <c>drop-fraction</c> (cosine-decayed by default) of each layer's active weights with the smallest
/// magnitude and grow as many — at random (SET, Mocanu et al. 2018) or by dense-gradient magnitude
/// (RigL, Evci et al. 2020). Per-layer counts stay constant; grown weights start at zero with zero
/// optimizer state. One task per trial.
/// </summary>
public sealed class DynamicSparseMethod : IMethodDefinition
{
    public const string Set = "set";
    public const string RigL = "rigl";
    public const string Cosine = "cosine";
    public const string Constant = "constant";

    /// <summary>rigl's CIFAR defaults: ΔT = 100, α = 0.3, updates until 75 % of training.</summary>
    public const int DefaultUpdateEvery = 100;
    public const double DefaultDropFraction = 0.3;
    public const double DefaultEndFraction = 0.75;

    private DynamicSparseMethod(string name, string summary)
    {
        Name = name;
        Summary = summary;
    }

    /// <summary>SET: random growth.</summary>
    public static DynamicSparseMethod CreateSet() => new(Set, "SET: drop smallest magnitudes, regrow at random (Mocanu et al. 2018)");

    /// <summary>RigL: growth by dense-gradient magnitude.</summary>
    public static DynamicSparseMethod CreateRigL() => new(RigL, "RigL: drop smallest magnitudes, regrow by dense gradient (Evci et al. 2020)");

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Summary { get; }

    /// <inheritdoc />
    public IReadOnlyList<HparamDefinition> Options { get; } = new[]
    {
        new HparamDefinition(HparamKeys.Sparsity, HparamType.Double, null, HparamChecks.OpenFraction),
        LayerDistributions.Option(LayerDistributions.ErdosRenyiKernel),
        new HparamDefinition(HparamKeys.UpdateEvery, HparamType.Int, (long)DefaultUpdateEvery, HparamChecks.Positive),
        new HparamDefinition(HparamKeys.DropFraction, HparamType.Double, DefaultDropFraction, HparamChecks.OpenFraction),
        new HparamDefinition(HparamKeys.EndFraction, HparamType.Double, DefaultEndFraction, v => LayerDistributions.D(v) is > 0 and <= 1 ? null : "must be in (0, 1]"),
        new HparamDefinition(HparamKeys.DropSchedule, HparamType.String, Cosine, HparamChecks.OneOf(Cosine, Constant)),
    };

    /// <inheritdoc />
    public IEnumerable<string> Validate(Hparams trial) => Array.Empty<string>();

    /// <inheritdoc />
    public IReadOnlyList<LineageNode> Plan(Hparams trial) => new[] { new LineageNode(1, Branches.Main, null) };
}
