using System.Globalization;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Tests.Methods;

/// <summary>
/// Every refusal about options stops at <c>validate</c>: method by method, each value of each option (every choice of
/// an enumerated or boolean one, a few accepted values of a numeric one) is crossed with training variants that change
/// what a trainer does (loss, optimizer, validation hold-out, labels, activation, initialiser, schedule, a batch-norm
/// model), and every combination the study loader accepts is trained, briefly, through the real runner. No task may
/// fail for a reason that is about its options; only outcomes of the data (a diverged run, an Early-Bird ticket that
/// did not emerge within a few iterations) are allowed.
/// </summary>
public class OptionCombinationTests
{
    private static readonly StudyCatalog Catalog = new(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, "models")
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
        ["dst-ensemble"] = ("{ name = dst-ensemble, members = 2 }", "", ""),
        ["edst"] = ("{ name = edst, members = 2 }", "", "iterations = 40, eval-every = 2"),
        ["sup-tickets"] = ("{ name = sup-tickets }", "", "iterations = 60"),
        ["soup"] = ("{ name = soup, source-method = dense, finetune-lrs = [1e-3], finetune-seeds = [1, 2] }", "{ name = dense }", ""),
        ["elastic"] = ("{ name = elastic, model = lenet-16-16-16-16, source-model = lenet-16-16, source-rounds = [1] }", "{ name = imp, model = lenet-16-16, rounds = 1 }", ""),
    };

    /// <summary>A value for each option a study must give (no default): a sparsity, say.</summary>
    private static string Required(IMethodDefinition method, string block) =>
        method.Options.Where(o => o.Default is null && !o.Optional && !block.Contains(o.ShortKey + " =", StringComparison.Ordinal))
            .Aggregate(block, (b, o) => With(b, o.ShortKey, o.Key == HparamKeys.Sparsity ? "0.8" : ValuesOf(o).First()));

    /// <summary>Training variants: each changes a path some trainer takes.</summary>
    private static readonly string[] TrainingVariants =
    {
        "",
        "label-smoothing = 0.1",
        "optimizer = sgd, lr = 0.05, momentum = 0",
        "optimizer = sgd, lr = 0.05, momentum = 0.9, nesterov = true, weight-decay = 1e-4",
        "validation-size = 0",
        "label-noise { kind = symmetric, fraction = 0.2 }",
        "activation = mish, init = pytorch",
        "warmup-iterations = 4, lr-milestones = [12], test-curve = true",
    };

    private static readonly string[] Models = { "lenet-16-8", "conv-2-bn-4" };

    /// <summary>Outcomes of the data in a run this short, not refusals of its options.</summary>
    private static readonly string[] DataOutcomes = { "the run diverged", "no Early-Bird ticket emerged" };

    private static IEnumerable<string> Methods() => MethodRegistry.Default.Names;

    [TestCaseSource(nameof(Methods))]
    public void EveryCombinationValidationAccepts_TrainsWithoutAnOptionRefusal(string method)
    {
        var definition = MethodRegistry.Default.Get(method);
        var (block, companions, baseTraining) = Bases.GetValueOrDefault(method, ($"{{ name = {method} }}", "", ""));
        block = Required(definition, block);
        var blocks = new List<string> { block };
        foreach (var option in definition.Options)
            foreach (var value in ValuesOf(option))
                blocks.Add(With(block, option.ShortKey, value));

        var accepted = 0;
        var refusals = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var layout = new StudyLayout(Directory.CreateTempSubdirectory($"actorsweep-combinations-{method}").FullName);
        var runner = new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load));
        foreach (var model in Models)
            foreach (var training in TrainingVariants)
                foreach (var methodBlock in blocks)
                {
                    if (model != Models[0] && training.Length > 0) continue;   // the batch-norm model with the base training only
                    var text = Study(model, string.Join(", ", new[] { baseTraining, training }.Where(t => t.Length > 0)), methodBlock, companions);
                    StudySpec spec;
                    try { spec = new StudyLoader(Catalog).LoadText(text, "combination.hocon"); }
                    catch (StudyValidationException) { continue; }   // refused at validate: what this test wants of a bad combination
                    accepted++;
                    var failed = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var task in TaskGraph.Build(spec).Tasks)
                    {
                        if (task.ParentTaskIds.Any(failed.Contains)) { failed.Add(task.TaskId); continue; }
                        if (!seen.Add(task.TaskId)) continue;   // the same task of an earlier combination (defaults, companions)
                        try { runner.Run(task, _ => { }, CancellationToken.None); }
                        catch (Exception e)
                        {
                            failed.Add(task.TaskId);
                            if (!DataOutcomes.Any(e.Message.Contains))
                                refusals.Add($"{task.Method} {task.Branch} r{task.Round} with model {model}, training {{ {training} }}, {methodBlock}: {e.GetType().Name}: {e.Message}");
                        }
                    }
                }
        TestContext.Progress.WriteLine($"{method}: {accepted} accepted combination(s), {seen.Count} task(s) trained");
        Assert.That(accepted, Is.GreaterThan(0), "the base study of the method is valid");
        Assert.That(refusals, Is.Empty, "accepted by validate, refused when run:\n" + string.Join("\n", refusals.Take(20)));
    }

    [Test]
    public void TheTwoCombinationsThatUsedToFailAtRunTime_AreRefusedAtValidate()
    {
        var colt = Assert.Throws<StudyValidationException>(() => new StudyLoader(Catalog).LoadText(Study("lenet-16-8", "", "{ name = colt, parts = 3 }", ""), "c.hocon"))!;
        Assert.That(colt.Message, Does.Contain("method.parts: COLT splits the classes into equal parts, and synthetic's 10 classes do not divide into 3; expected a divisor of 10 (2, 5, 10)"));
        var kd = Assert.Throws<StudyValidationException>(() => new StudyLoader(Catalog).LoadText(Study("lenet-16-8", "label-smoothing = 0.1", "{ name = imp, rounds = 1, distill = true }", ""), "k.hocon"))!;
        Assert.That(kd.Message, Does.Contain("training.label-smoothing (0.1) cannot apply with method.distill = true"));
    }

    private static string Study(string model, string training, string method, string companions)
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
    private static string With(string block, string key, string value)
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
    private static IEnumerable<string> ValuesOf(HparamDefinition option)
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
