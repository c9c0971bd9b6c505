using System.Collections.Immutable;
using System.Globalization;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.WiseFt;

/// <summary>
/// WiSE-FT's options: the network to fine-tune (round <c>source-round</c> of the study's <c>source-method</c> trial of the
/// same model, dataset and seed — WiSE-FT's zero-shot model) and the mixing coefficients α of the points evaluated on the
/// line θ_α = (1 − α)·θ_source + α·θ_fine-tuned (the reference's <c>--alpha</c> list, 0 to 1 in steps of 0.1). The
/// fine-tuning trains with the WiSE-FT trial's own training options: give the method block a <c>training { }</c> of its
/// own for the fine-tuning schedule (as the soups' ingredients).
/// </summary>
public sealed record WiseFtOptions(string SourceMethod, int SourceRound, IReadOnlyList<double> Alphas)
{
    /// <summary>The reference's α grid: 0, 0.1, …, 1.</summary>
    public static readonly IReadOnlyList<double> DefaultAlphas = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();

    /// <summary>The schema.</summary>
    public static readonly OptionSchema<WiseFtOptions> Schema = new(
        new[]
        {
            new HparamDefinition(HparamKeys.SourceMethod, HparamType.String, "dense"),
            new HparamDefinition(HparamKeys.SourceRound, HparamType.Int, 0L, HparamChecks.NonNegative),
            new HparamDefinition(WiseFtKeys.Alphas, HparamType.DoubleList, ImmutableArray.CreateRange(DefaultAlphas.Cast<object>()), CheckAlphas).AsLevel(),
        },
        v => new WiseFtOptions(v.String(HparamKeys.SourceMethod), v.Int(HparamKeys.SourceRound), v.Doubles(WiseFtKeys.Alphas)));

    private static string? CheckAlphas(object v)
    {
        var items = ((IEnumerable<object>)v).Select(x => Convert.ToDouble(x, CultureInfo.InvariantCulture)).ToList();
        if (items.Count == 0) return "must be a non-empty list of mixing coefficients in [0, 1]";
        if (items.Any(a => a is < 0 or > 1)) return "must hold mixing coefficients in [0, 1] (0: the source network, 1: the fine-tuned one)";
        return items.Distinct().Count() == items.Count ? null : "has repeated entries";
    }
}

/// <summary>The branches of a WiSE-FT trial (part of task identity and of the Parquet output: never rename one).</summary>
public static class WiseFtBranches
{
    /// <summary>The source network fine-tuned end to end.</summary>
    public const string FineTuned = "fine-tuned";

    /// <summary>The branch of the point at α: <c>alpha-0.3</c> (invariant culture, as few digits as α needs).</summary>
    public static string Alpha(double alpha) => "alpha-" + alpha.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The α a branch names, or null for another branch.</summary>
    public static double? AlphaOf(string branch) =>
        branch.StartsWith("alpha-", StringComparison.Ordinal) && double.TryParse(branch["alpha-".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : null;
}
