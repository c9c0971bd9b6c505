using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Grasp;

/// <summary>GraSP's options: the target sparsity, the scoring batch and the logit temperature.</summary>
public sealed record GraspOptions(double Sparsity, int SamplesPerClass, double Temperature)
{
    /// <summary>The schema, with GraSP's defaults.</summary>
    public static readonly OptionSchema<GraspOptions> Schema = new(
        new[]
        {
            TargetSparsity.Option, PruneAtInitOptions.SamplesPerClassOption,
            PruneAtInitOptions.GraspTemperatureOption,
        },
        v => new GraspOptions(v.Double(HparamKeys.Sparsity), v.Int(HparamKeys.SamplesPerClass), v.Double(HparamKeys.GraspTemperature)));
}
