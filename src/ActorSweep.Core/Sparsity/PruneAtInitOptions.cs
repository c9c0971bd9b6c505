using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>
/// The options of pruning at initialisation that several methods share: the class-balanced batch that SNIP and GraSP
/// score on (<c>method.samples-per-class</c> examples of each class, Synaptic-Flow's default data budget, 10 per class),
/// GraSP's temperature and SynFlow's iterations.
/// </summary>
public static class PruneAtInitOptions
{
    public const int DefaultSamplesPerClass = 10;

    /// <summary>The option.</summary>
    public static readonly HparamDefinition SamplesPerClassOption =
        new(HparamKeys.SamplesPerClass, HparamType.Int, (long)DefaultSamplesPerClass, v => (long)v is >= 1 and <= 10_000 ? null : "must be between 1 and 10000");

    /// <summary>GraSP's logit temperature (Wang et al. 2020, T = 200).</summary>
    public const double DefaultGraspTemperature = 200;

    /// <summary>GraSP's <c>method.grasp-temperature</c> (GraSP itself and Elastic LTH's GraSP baseline).</summary>
    public static readonly HparamDefinition GraspTemperatureOption =
        new(HparamKeys.GraspTemperature, HparamType.Double, DefaultGraspTemperature, HparamChecks.Positive);

    /// <summary>Tanaka et al. 2020: SynFlow prunes in 100 iterations on an exponential schedule.</summary>
    public const int DefaultPruneIterations = 100;

    /// <summary>SynFlow's <c>method.prune-iterations</c> (SynFlow itself and Elastic LTH's SynFlow baseline).</summary>
    public static readonly HparamDefinition PruneIterationsOption =
        new(HparamKeys.PruneIterations, HparamType.Int, (long)DefaultPruneIterations, v => (long)v is >= 1 and <= 10_000 ? null : "must be between 1 and 10000");
}
