using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Colt;

/// <summary>
/// COLT's options (ismail31416/COLT <c>main.py</c>): the number of class partitions P (<c>--partition</c>, 2), the
/// rounds of prune–rewind–intersect–retrain, the fraction of each model's remaining weights that one round removes by
/// magnitude, and whether each round's overlap ticket is also retrained on the whole task with a full K-way head (the
/// comparison the paper reports).
/// </summary>
/// <remarks>
/// How a round prunes (<c>pools</c>): <c>by-kind</c>, the reference's <c>lth_global_unstructured_pruning</c> — the
/// convolutions are one global pool pruned at <c>conv-fraction</c> (<c>--conv_prune_ratio</c>, 0.15), the hidden linear
/// layers another at <c>linear-fraction</c> (<c>--linear_prune_ratio</c>: 0 by default for a network with convolutions,
/// as the reference; a network of linear layers only prunes them at <c>global-fraction</c>, what its users pass), the
/// output layer is left alone (<c>--output_prune_ratio 0</c>; with <c>exclude-output = false</c> it is a pool of its own
/// at <c>global-fraction</c>). The default from <see cref="DefaultsVersion.Release4"/>. <c>one</c>: every prunable weight
/// in one global ranking at <c>global-fraction</c>, what earlier studies ran. For a network of linear layers with the
/// output left out, the two are the same.
/// </remarks>
public sealed record ColtOptions(int Parts, int Rounds, double GlobalFraction, bool ExcludeOutput, bool FullHead)
{
    /// <summary>How a round pools the weights it ranks: <see cref="PoolsByKind"/> or <see cref="OnePool"/>.</summary>
    public const string PoolsKey = "method.pools";
    /// <summary>The convolutions' rate per round (by-kind pools).</summary>
    public const string ConvFractionKey = "method.conv-fraction";
    /// <summary>The hidden linear layers' rate per round (by-kind pools).</summary>
    public const string LinearFractionKey = "method.linear-fraction";
    /// <summary>One global pool per layer kind, as <c>lth_global_unstructured_pruning</c>.</summary>
    public const string PoolsByKind = "by-kind";
    /// <summary>Every prunable weight in one global ranking.</summary>
    public const string OnePool = "one";

    /// <summary>Whether convolutions and linear layers are pruned in separate pools (<see cref="PoolsKey"/>).</summary>
    public bool PoolsOfEachKind { get; init; } = true;

    /// <summary>The convolutions' rate per round in <c>by-kind</c> pools; null = <see cref="GlobalFraction"/>.</summary>
    public double? ConvFraction { get; init; }

    /// <summary>The hidden linear layers' rate per round in <c>by-kind</c> pools; null = 0 with convolutions, else <see cref="GlobalFraction"/>.</summary>
    public double? LinearFraction { get; init; }

    /// <summary>The schema, with COLT's defaults.</summary>
    public static readonly OptionSchema<ColtOptions> Schema = new(
        new[]
        {
            new HparamDefinition(ColtKeys.Parts, HparamType.Int, 2L, v => (long)v is >= 2 and <= 10 ? null : "must be between 2 and 10"),
            new HparamDefinition(HparamKeys.Rounds, HparamType.Int, 5L, v => (long)v is >= 1 and <= 100 ? null : "must be between 1 and 100").AsLevel(),
            new HparamDefinition(HparamKeys.GlobalFraction, HparamType.Double, 0.15, HparamChecks.OpenFraction),
            new HparamDefinition(HparamKeys.GlobalExcludeOutput, HparamType.Bool, true),
            new HparamDefinition(ColtKeys.FullHead, HparamType.Bool, true),
            new HparamDefinition(PoolsKey, HparamType.String, PoolsByKind, HparamChecks.OneOf(PoolsByKind, OnePool)).DefaultBefore(DefaultsVersion.Release4, OnePool),
            new HparamDefinition(ConvFractionKey, HparamType.Double, null, HparamChecks.HalfOpenFraction, Optional: true),
            new HparamDefinition(LinearFractionKey, HparamType.Double, null, HparamChecks.HalfOpenFraction, Optional: true),
        },
        v => new ColtOptions(v.Int(ColtKeys.Parts), v.Int(HparamKeys.Rounds), v.Double(HparamKeys.GlobalFraction), v.Bool(HparamKeys.GlobalExcludeOutput),
            v.Bool(ColtKeys.FullHead))
        {
            PoolsOfEachKind = v.String(PoolsKey) == PoolsByKind,
            ConvFraction = v.DoubleOrNull(ConvFractionKey),
            LinearFraction = v.DoubleOrNull(LinearFractionKey),
        });
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
