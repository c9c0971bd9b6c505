using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.SynFlow;

/// <summary>SynFlow's options: the target sparsity and the number of pruning iterations.</summary>
public sealed record SynFlowOptions(double Sparsity, int PruneIterations)
{
    /// <summary>The schema, with SynFlow's defaults.</summary>
    public static readonly OptionSchema<SynFlowOptions> Schema = new(
        new[]
        {
            TargetSparsity.Option,
            PruneAtInitOptions.PruneIterationsOption,
        },
        v => new SynFlowOptions(v.Double(HparamKeys.Sparsity), v.Int(HparamKeys.PruneIterations)));
}
