using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Colt;

/// <summary>
/// COLT's options (ismail31416/COLT <c>main.py</c>): the number of class partitions P (<c>--partition</c>, 2), the
/// rounds of prune–rewind–intersect–retrain, the fraction of each model's remaining weights that one round removes by
/// global magnitude (<c>--conv_prune_ratio</c> / <c>--linear_prune_ratio</c>: 0.15 in the paper's runs; the output
/// layer is left out, <c>--output_prune_ratio 0</c>), and whether each round's overlap ticket is also retrained on the
/// whole task with a full K-way head (the comparison the paper reports).
/// </summary>
public sealed record ColtOptions(int Parts, int Rounds, double GlobalFraction, bool ExcludeOutput, bool FullHead)
{
    /// <summary>The schema, with COLT's defaults.</summary>
    public static readonly OptionSchema<ColtOptions> Schema = new(
        new[]
        {
            new HparamDefinition(HparamKeys.Parts, HparamType.Int, 2L, v => (long)v is >= 2 and <= 10 ? null : "must be between 2 and 10"),
            new HparamDefinition(HparamKeys.Rounds, HparamType.Int, 5L, v => (long)v is >= 1 and <= 100 ? null : "must be between 1 and 100"),
            new HparamDefinition(HparamKeys.GlobalFraction, HparamType.Double, 0.15, HparamChecks.OpenFraction),
            new HparamDefinition(HparamKeys.GlobalExcludeOutput, HparamType.Bool, true),
            new HparamDefinition(HparamKeys.FullHead, HparamType.Bool, true),
        },
        v => new ColtOptions(v.Int(HparamKeys.Parts), v.Int(HparamKeys.Rounds), v.Double(HparamKeys.GlobalFraction), v.Bool(HparamKeys.GlobalExcludeOutput),
            v.Bool(HparamKeys.FullHead)));
}

/// <summary>The branches of a COLT trial (part of task identity and of the Parquet output: never rename one).</summary>
public static class ColtBranches
{
    /// <summary>The model of partition <paramref name="part"/> (0-based): classes [part·K/P, (part+1)·K/P), a K/P-way head.</summary>
    public static string Part(int part) => $"part-{part}";

    /// <summary>The round's overlap ticket retrained on every class with a K-way head.</summary>
    public const string Full = "full";

    /// <summary>The partition of a <see cref="Part"/> branch, or null.</summary>
    public static int? PartOf(string branch) =>
        branch.StartsWith("part-", StringComparison.Ordinal) && int.TryParse(branch.AsSpan(5), out var p) ? p : null;
}
