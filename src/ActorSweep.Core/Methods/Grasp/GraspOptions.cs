using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Grasp;

/// <summary>GraSP's options: the target sparsity, the scoring batch and the logit temperature.</summary>
public sealed record GraspOptions(double Sparsity, int SamplesPerClass, double Temperature)
{
    /// <summary>GraSP's logit temperature (Wang et al. 2020, T = 200).</summary>
    public const double DefaultTemperature = 200;

    /// <summary>The schema, with GraSP's defaults.</summary>
    public static readonly OptionSchema<GraspOptions> Schema = new(
        new[]
        {
            TargetSparsity.Option, SaliencyBatch.SamplesPerClassOption,
            new HparamDefinition(HparamKeys.GraspTemperature, HparamType.Double, DefaultTemperature, HparamChecks.Positive),
        },
        v => new GraspOptions(v.Double(HparamKeys.Sparsity), v.Int(HparamKeys.SamplesPerClass), v.Double(HparamKeys.GraspTemperature)));
}
