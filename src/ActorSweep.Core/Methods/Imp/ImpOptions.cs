using ActorSweep.Core.Lineage;
using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Imp;

/// <summary>IMP's options: how many rounds, how each round prunes, how it retrains, which controls branch off.</summary>
public sealed record ImpOptions(int Rounds, MagnitudePruningOptions Pruning, RetrainOptions Retrain, ControlOptions Controls)
{
    public const int DefaultRounds = 5;

    /// <summary>The schema, with IMP's defaults.</summary>
    public static readonly OptionSchema<ImpOptions> Schema = new(
        new[] { new HparamDefinition(HparamKeys.Rounds, HparamType.Int, (long)DefaultRounds, v => (long)v is >= 1 and <= 100 ? null : "must be between 1 and 100").AsLevel().GraphOnly() }
            .Concat(MagnitudePruningOptions.Definitions).Concat(RetrainOptions.Definitions).Concat(ControlOptions.Definitions),
        v => new ImpOptions(v.Int(HparamKeys.Rounds), MagnitudePruningOptions.From(v), RetrainOptions.From(v), ControlOptions.From(v)));
}
