using System.Globalization;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.AtInit;

/// <summary>
/// Pruning at initialisation: score the freshly initialised network, keep the global top-k weights
/// to <c>method.sparsity</c> (or, for <c>random</c>, a random mask with a layer distribution), then train
/// that sparse network once. One task per trial, round 1, no parent.
/// </summary>
public sealed class PruneAtInitMethod : IMethodDefinition
{
    public const string Snip = "snip";
    public const string Grasp = "grasp";
    public const string SynFlow = "synflow";
    public const string Random = "random";

    /// <summary>SNIP and GraSP score on 10 examples per class, as Synaptic-Flow's default data budget.</summary>
    public const int DefaultSamplesPerClass = 10;

    /// <summary>GraSP's logit temperature (Wang et al. 2020, T = 200).</summary>
    public const double DefaultGraspTemperature = 200;

    /// <summary>SynFlow's pruning iterations (Tanaka et al. 2020: 100 with an exponential schedule).</summary>
    public const int DefaultPruneIterations = 100;

    private PruneAtInitMethod(string name, string summary, IEnumerable<HparamDefinition> extra)
    {
        Name = name;
        Summary = summary;
        Options = new[] { new HparamDefinition(HparamKeys.Sparsity, HparamType.Double, null, HparamChecks.OpenFraction) }.Concat(extra).ToArray();
    }

    /// <summary>SNIP (Lee et al. 2019): |g ⊙ θ| on a batch.</summary>
    public static PruneAtInitMethod CreateSnip() => new(Snip, "SNIP: prune at init by connection sensitivity |g ⊙ θ| (Lee et al. 2019)",
        new[] { SamplesPerClassOption() });

    /// <summary>GraSP (Wang et al. 2020): −θ ⊙ Hg with scaled logits.</summary>
    public static PruneAtInitMethod CreateGrasp() => new(Grasp, "GraSP: prune at init preserving gradient flow, −θ ⊙ Hg (Wang et al. 2020)",
        new[]
        {
            SamplesPerClassOption(),
            new HparamDefinition(HparamKeys.GraspTemperature, HparamType.Double, DefaultGraspTemperature, HparamChecks.Positive),
        });

    /// <summary>SynFlow (Tanaka et al. 2020): data-free, iterative.</summary>
    public static PruneAtInitMethod CreateSynFlow() => new(SynFlow, "SynFlow: data-free iterative synaptic-flow pruning at init (Tanaka et al. 2020)",
        new[] { new HparamDefinition(HparamKeys.PruneIterations, HparamType.Int, (long)DefaultPruneIterations, v => (long)v is >= 1 and <= 10_000 ? null : "must be between 1 and 10000") });

    /// <summary>Random pruning at init with a layer sparsity distribution.</summary>
    public static PruneAtInitMethod CreateRandom() => new(Random, "random pruning at init (uniform, ER or ERK layer densities)",
        new[] { LayerDistributions.Option(LayerDistributions.Uniform) });

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Summary { get; }

    /// <inheritdoc />
    public IReadOnlyList<HparamDefinition> Options { get; }

    /// <inheritdoc />
    public IEnumerable<string> Validate(Hparams trial) => Array.Empty<string>();

    /// <inheritdoc />
    public IReadOnlyList<LineageNode> Plan(Hparams trial) => new[] { new LineageNode(1, Branches.Main, null) };

    private static HparamDefinition SamplesPerClassOption() =>
        new(HparamKeys.SamplesPerClass, HparamType.Int, (long)DefaultSamplesPerClass, v => (long)v is >= 1 and <= 10_000 ? null : "must be between 1 and 10000");
}

/// <summary>How a target sparsity is spread over layers (Evci et al. 2020, rigl's sparse_utils).</summary>
public static class LayerDistributions
{
    public const string Uniform = "uniform";
    public const string ErdosRenyi = "er";
    public const string ErdosRenyiKernel = "erk";

    /// <summary>The accepted values.</summary>
    public static readonly string[] All = { Uniform, ErdosRenyi, ErdosRenyiKernel };

    /// <summary>The <c>method.distribution</c> option with a default.</summary>
    public static HparamDefinition Option(string fallback) =>
        new(HparamKeys.Distribution, HparamType.String, fallback, HparamChecks.OneOf(All));

    internal static double D(object v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);
}
