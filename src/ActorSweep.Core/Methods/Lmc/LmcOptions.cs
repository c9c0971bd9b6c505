using ActorSweep.Core.Lineage;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Lmc;

/// <summary>Linear mode connectivity's options: the branching point k and the points on the line.</summary>
public sealed record LmcOptions(int RewindIteration, int InterpolationPoints)
{
    public const int DefaultPoints = 21;

    /// <summary>The schema, with LMC's defaults.</summary>
    public static readonly OptionSchema<LmcOptions> Schema = new(
        new[]
        {
            RetrainOptions.RewindOption,
            new HparamDefinition(LmcKeys.InterpolationPoints, HparamType.Int, (long)DefaultPoints, v => (long)v is >= 2 and <= 1001 ? null : "must be between 2 and 1001").AsLevel(),
        },
        v => new LmcOptions(v.Int(HparamKeys.RewindIteration), v.Int(LmcKeys.InterpolationPoints)));
}
