using System.Globalization;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;

namespace ActorSweep.Training.Tests.Support;

/// <summary>
/// Small, valid studies of each method on the synthetic dataset — its base block, the trials it needs beside it, the
/// training its plan needs — and the study text around them; shared by the tests that run every method.
/// </summary>
public static class MethodStudies
{
    public static readonly StudyCatalog Catalog = new(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, "models")
    {
        Facts = name => DatasetRegistry.IsKnown(name) ? DatasetRegistry.Info(name).Facts : null,
        CheckModelInput = ModelRegistry.CheckInput,
        ModelFactsOf = ModelRegistry.FactsOf,
        ModelMapping = (from, to, mapping) => from == to && mapping is null ? null : DepthMorphism.Check(from, to, mapping),
    };

    /// <summary>
    /// What a method needs besides its own block (a source trial, a model it maps onto), a small default plan, and the
    /// training a plan of its kind needs to be valid at all (EDST's refine phases, Sup-tickets' cycles need evaluations).
    /// </summary>
    private static readonly Dictionary<string, (string Block, string Companions, string Training)> Bases = new(StringComparer.Ordinal)
    {
        ["imp"] = ("{ name = imp, rounds = 1 }", "", ""),
        ["colt"] = ("{ name = colt, rounds = 1 }", "", ""),
        ["early-bird"] = ("{ name = early-bird, epsilon = 0.99, check-every = 2, masks-kept = 2 }", "", ""),   // a ticket is drawn within a short run
        ["dst-ensemble"] = ("{ name = dst-ensemble, members = 2 }", "", ""),
        ["edst"] = ("{ name = edst, members = 2 }", "", "iterations = 40, eval-every = 2"),
        ["sup-tickets"] = ("{ name = sup-tickets }", "", "iterations = 60"),
        ["soup"] = ("{ name = soup, source-method = dense, finetune-lrs = [1e-3], finetune-seeds = [1, 2] }", "{ name = dense }", ""),
        ["wise-ft"] = ("{ name = wise-ft, alphas = [0, 0.5, 1] }", "{ name = dense }", ""),
        // One card per augmentation (the fewest a deck takes) over one round, a small reference set: the defaults (5 rounds,
        // 2 cards each, 1,000 reference images) made this method's option crossing 10 of the suite's 16 minutes.
        ["card"] = ("{ name = card, rounds = 1, members = 1, reference-images = 16 }", "", ""),
        ["elastic"] = ("{ name = elastic, model = lenet-16-16-16-16, source-model = lenet-16-16, source-rounds = [1] }", "{ name = imp, model = lenet-16-16, rounds = 1 }", ""),
    };

    /// <summary>A value for each option a study must give (no default): a sparsity, say.</summary>
    public static string Required(IMethodDefinition method, string block) =>
        method.Options.Where(o => o.Default is null && !o.Optional && !block.Contains(o.ShortKey + " =", StringComparison.Ordinal))
            .Aggregate(block, (b, o) => With(b, o.ShortKey, o.Key == HparamKeys.Sparsity ? "0.8" : ValuesOf(o).First()));

    /// <summary>The method's base block (required options filled in), its companions and the training it needs.</summary>
    public static (string Block, string Companions, string Training) BaseOf(string method)
    {
        var (block, companions, training) = Bases.GetValueOrDefault(method, ($"{{ name = {method} }}", "", ""));
        return (Required(MethodRegistry.Default.Get(method), block), companions, training);
    }

    /// <summary>The study text: <paramref name="training"/> over a short base training, <paramref name="method"/> and its companions.</summary>
    public static string Study(string model, string training, string method, string companions)
    {
        var variant = SplitFields(training).Where(f => f.Length > 0).ToList();
        var keys = variant.Select(f => f.Split('=', '{')[0].Trim()).ToHashSet(StringComparer.Ordinal);
        var fields = new[] { "iterations = 24", "eval-every = 6", "batch-size = 16", "validation-size = 40" }
            .Where(f => !keys.Contains(f.Split('=')[0].Trim())).Concat(variant);
        return $$"""
            name = combination
            dataset = synthetic
            model = {{model}}
            seeds = [1]
            training { {{string.Join(", ", fields)}} }
            methods = [ {{string.Join(", ", new[] { method, companions }.Where(m => m.Length > 0))}} ]
            """;
    }

    /// <summary>The block with <paramref name="key"/> set to <paramref name="value"/> (replacing the block's own value).</summary>
    public static string With(string block, string key, string value)
    {
        var inner = block.Trim().TrimStart('{').TrimEnd('}').Trim();
        var fields = SplitFields(inner).Where(f => !f.StartsWith(key + " ", StringComparison.Ordinal) && !f.StartsWith(key + "=", StringComparison.Ordinal)).ToList();
        fields.Add($"{key} = {value}");
        return "{ " + string.Join(", ", fields) + " }";
    }

    private static IEnumerable<string> SplitFields(string inner)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            depth += inner[i] switch { '[' or '{' => 1, ']' or '}' => -1, _ => 0 };
            if (inner[i] == ',' && depth == 0) { yield return inner[start..i].Trim(); start = i + 1; }
        }
        if (start < inner.Length) yield return inner[start..].Trim();
    }

    /// <summary>The values of an option worth trying: every choice of an enumeration or a flag, a few accepted numbers.</summary>
    public static IEnumerable<string> ValuesOf(HparamDefinition option)
    {
        static string Number(double d) => d.ToString(CultureInfo.InvariantCulture);
        bool Accepts(object v) => option.Check?.Invoke(v) is null;
        switch (option.Type)
        {
            case HparamType.Bool:
                return new[] { "true", "false" };
            case HparamType.String:
                return Choices(option) ?? Array.Empty<string>();
            case HparamType.StringList when Choices(option) is { } choices:
                return choices.Select(c => $"[{c}]").Append("[]").Append($"[{string.Join(", ", choices)}]");
            case HparamType.Int:
                return new long[] { 0, 1, 2, 3, 5, 10, 50 }.Where(v => Accepts(v) && !Equals(v, option.Default)).Take(3).Select(v => Number(v));
            case HparamType.Double:
                return new[] { 0.0, 0.05, 0.5, 0.9, 1.0, 2.0 }.Where(v => Accepts(v) && !Equals(v, option.Default)).Take(3).Select(Number);
            default:
                return Array.Empty<string>();
        }
    }

    /// <summary>The choices of an enumerated option, as its check names them ("must be one of a, b" / "'x' is not one of a, b").</summary>
    private static IReadOnlyList<string>? Choices(HparamDefinition option)
    {
        var probe = option.Type == HparamType.StringList ? (object)new List<object> { "\u0001" } : "\u0001";
        var message = option.Check?.Invoke(probe);
        const string oneOf = "one of ";
        var at = message?.IndexOf(oneOf, StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : message![(at + oneOf.Length)..].Split(", ").Select(c => c.Trim()).ToArray();
    }
}
