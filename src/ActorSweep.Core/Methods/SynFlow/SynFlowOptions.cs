using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.SynFlow;

/// <summary>SynFlow's options: the target sparsity and the number of pruning iterations.</summary>
public sealed record SynFlowOptions(double Sparsity, int PruneIterations)
{
    /// <summary>Tanaka et al. 2020: 100 iterations on an exponential schedule.</summary>
    public const int DefaultPruneIterations = 100;

    /// <summary>The schema, with SynFlow's defaults.</summary>
    public static readonly OptionSchema<SynFlowOptions> Schema = new(
        new[]
        {
            TargetSparsity.Option,
            new HparamDefinition(HparamKeys.PruneIterations, HparamType.Int, (long)DefaultPruneIterations, v => (long)v is >= 1 and <= 10_000 ? null : "must be between 1 and 10000"),
        },
        v => new SynFlowOptions(v.Double(HparamKeys.Sparsity), v.Int(HparamKeys.PruneIterations)));
}
