using System.Collections.Immutable;
using System.Globalization;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Soup;

/// <summary>
/// Model soups' options: the network the ingredients fine-tune from (a round of another trial of the study:
/// round 0 of a <c>dense</c> trial, or round k of an <c>imp</c> trial for a sparse soup), the ingredients' grid
/// (learning rates × data-order seeds), and which soups to make. The ingredients train with the soup trial's own
/// training options — give the method block a <c>training { iterations = …, lr-milestones = … }</c> of its own for
/// the fine-tuning schedule — with each ingredient's learning rate in place of <c>training.lr</c>.
/// </summary>
/// <remarks>
/// A network with batch norm: averaging the ingredients' running statistics does not give the statistics of the averaged
/// network (the soup's features are not the average of theirs), so with <c>update-bn</c> every soup — and every candidate
/// the greedy soup weighs — has them recomputed on the training data after averaging, as Sup-tickets' <c>--update_bn</c>
/// (model-soups' CLIP has only layer norm, which has no running statistics). The default from
/// <see cref="DefaultsVersion.Release4"/>; earlier studies kept the averaged statistics. No effect without batch norm.
/// </remarks>
public sealed record SoupOptions(string SourceMethod, int SourceRound, IReadOnlyList<double> FinetuneLrs, IReadOnlyList<int> FinetuneSeeds,
    IReadOnlyList<string> Soups)
{
    /// <summary>The schema, with the soups' defaults.</summary>
    public static readonly OptionSchema<SoupOptions> Schema = new(
        new[]
        {
            new HparamDefinition(HparamKeys.SourceMethod, HparamType.String, "dense"),
            new HparamDefinition(SoupKeys.SourceRound, HparamType.Int, 0L, HparamChecks.NonNegative),
            new HparamDefinition(SoupKeys.FinetuneLrs, HparamType.DoubleList, null,
                v => ((IEnumerable<object>)v) is var l && l.Any() && l.All(x => Convert.ToDouble(x, CultureInfo.InvariantCulture) > 0) ? null : "must be a non-empty list of learning rates > 0"),
            new HparamDefinition(SoupKeys.FinetuneSeeds, HparamType.IntList, ImmutableArray.Create<object>(1L),
                v => ((IEnumerable<object>)v) is var l && l.Any() && l.Distinct().Count() == l.Count() ? null : "must be a non-empty list of distinct seeds"),
            new HparamDefinition(SoupKeys.Soups, HparamType.StringList, ImmutableArray.Create<object>(SoupBranches.Uniform, SoupBranches.Greedy),
                v => ((IEnumerable<object>)v).Any() ? HparamChecks.SubsetOf(SoupBranches.Soups)(v) : "must name at least one soup").AsLevel(),
            new HparamDefinition(HparamKeys.UpdateBatchNorm, HparamType.Bool, true).DefaultBefore(DefaultsVersion.Release4, false),
        },
        v => new SoupOptions(v.String(HparamKeys.SourceMethod), v.Int(SoupKeys.SourceRound), v.Doubles(SoupKeys.FinetuneLrs), v.Ints(SoupKeys.FinetuneSeeds),
            v.Strings(SoupKeys.Soups))
        {
            UpdateBatchNorm = v.Bool(HparamKeys.UpdateBatchNorm),
        });

    /// <summary>Whether a soup's batch-norm statistics are recomputed on the training data after averaging (<c>method.update-bn</c>).</summary>
    public bool UpdateBatchNorm { get; init; } = true;

    /// <summary>The number of ingredients: learning rates × seeds.</summary>
    public int Ingredients => FinetuneLrs.Count * FinetuneSeeds.Count;

    /// <summary>Ingredient <paramref name="index"/> (0-based): its learning rate and data-order seed (learning rates outermost).</summary>
    public (double LearningRate, int Seed) Ingredient(int index) => (FinetuneLrs[index / FinetuneSeeds.Count], FinetuneSeeds[index % FinetuneSeeds.Count]);
}

/// <summary>The branches of a soup trial (part of task identity and of the Parquet output: never rename one).</summary>
public static class SoupBranches
{
    /// <summary>A fine-tuning run of the source network (round i = ingredient i, from 1).</summary>
    public const string Ingredient = "ingredient";

    /// <summary>The average of every ingredient's weights.</summary>
    public const string Uniform = "uniform-soup";

    /// <summary>Ingredients sorted by validation accuracy, each added only when the soup's validation accuracy strictly rises.</summary>
    public const string Greedy = "greedy-soup";

    /// <summary>The soups a study may ask for.</summary>
    public static readonly IReadOnlyList<string> Soups = new[] { Uniform, Greedy };
}
