using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Robustness;

namespace ActorSweep.Cli.Tests.Robustness;

/// <summary>
/// A small synthetic study with everything issue 30 added, run by the real CLI: corrupted and adversarial evaluation,
/// adversarial training (trial-wide and in a retraining block), WiSE-FT, IMP in a DCT basis; its <c>robustness</c> rows read
/// with ParquetSharp and shown by <c>report</c>.
/// </summary>
[NonParallelizable]
public class RobustnessStudyTests
{
    private const string Study = """
        name = robust
        dataset = synthetic
        model = lenet-16-8
        seeds = [1]
        training {
          iterations = 60, eval-every = 20, batch-size = 32, validation-size = 400
          robustness { corruptions = [all], attacks = [fgsm, pgd], epsilon = 0.1, pgd-steps = 3, pgd-step-size = 0.05, examples = 100 }
        }
        methods = [
          { name = dense, training { adversarial { kind = pgd, epsilon = 0.1, steps = 3, step-size = 0.05 } } }
          { name = wise-ft, alphas = [0, 0.5, 1], training { iterations = 40 } }
          { name = imp, rounds = 1, basis = dct, controls = [random-reinit], retraining { adversarial { kind = fgsm, epsilon = 0.1 } } }
        ]
        """;

    [Test]
    public void EveryNewPart_RunsThroughTheCli_AndEveryTaskHasItsRobustnessRows()
    {
        var outDir = Run("robust", Study);

        var tasks = RowDump.Of(Path.Combine(outDir, "robust", "trials"), "task_id", "method", "branch", "status").Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.That(tasks.Select(t => (t[1], t[2])).Order(), Is.EqualTo(new[]
        {
            ("dense", "main"), ("imp", "main"), ("imp", "main"), ("imp", "random-reinit"), ("imp", "retrained"), ("imp", "retrained"),
            ("wise-ft", "alpha-0"), ("wise-ft", "alpha-0.5"), ("wise-ft", "alpha-1"), ("wise-ft", "fine-tuned"),
        }.Order()));
        Assert.That(tasks.Select(t => t[3]), Is.All.EqualTo("completed"));

        var rows = RowDump.Of(Path.Combine(outDir, "robust", "robustness"), "task_id", "point", "kind", "name", "steps", "examples", "accuracy").Skip(1).Select(l => l.Split('\t')).ToList();
        foreach (var task in tasks)
        {
            var own = rows.Where(r => r[0] == task[0]).ToList();
            Assert.That(own, Has.Count.EqualTo(2 * (Corruptions.Names.Count + 2)), $"{task[1]} {task[2]}: early-stop and final × 14 corruptions + 2 attacks");
            Assert.That(own.Where(r => r[3] == "pgd").Select(r => (r[4], r[5])), Is.All.EqualTo(("3", "100")));
            Assert.That(own.Where(r => r[2] == "corruption").Select(r => r[5]), Is.All.EqualTo("600"), "the whole synthetic test split");
        }
        Assert.That(rows.Select(r => double.Parse(r[6], System.Globalization.CultureInfo.InvariantCulture)), Is.All.InRange(0.0, 1.0));

        var (code, report, reportErrors) = InProcessCli.Run("report", Path.Combine(outDir, "robust"), "--metric", "pgd_accuracy_final");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), reportErrors);
        Assert.That(report, Does.Contain("mean corruption acc %").And.Contain("final PGD acc %").And.Contain("alpha-0.5"));
    }

    private const string CardStudy = """
        name = deck
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2]
        training {
          iterations = 60, eval-every = 20, batch-size = 32, validation-size = 400
          robustness { corruptions = [shot-noise, fog, rotate] }
        }
        methods = [
          { name = dense }
          { name = card, rounds = 1, members = 1, strategy = global, global-fraction = 0.5, reference-images = 100 }
        ]
        """;

    [Test]
    public void ACardDeckStudy_RunsThroughTheCli_WithItsDecksRobustnessRoutingAndCombinations()
    {
        var outDir = Run("deck", CardStudy);

        var tasks = RowDump.Of(Path.Combine(outDir, "deck", "trials"), "task_id", "method", "branch", "round", "status").Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.That(tasks.Select(t => (t[1], t[2], t[3])).Distinct().Order(), Is.EqualTo(new[]
        {
            ("card", "augmix-1", "0"), ("card", "augmix-1", "1"), ("card", "gaussian-1", "0"), ("card", "gaussian-1", "1"),
            ("card", "deck", "0"), ("card", "deck", "1"), ("card", "deck-average", "0"), ("card", "deck-average", "1"),
            ("card", "deck-batch", "0"), ("card", "deck-batch", "1"), ("dense", "main", "0"),
        }.Order()));
        Assert.That(tasks, Has.Count.EqualTo(2 * 11));
        Assert.That(tasks.Select(t => t[4]), Is.All.EqualTo("completed"));

        var rows = RowDump.Of(Path.Combine(outDir, "deck", "robustness"), "task_id", "point", "kind", "name").Skip(1).Select(l => l.Split('\t')).ToList();
        foreach (var task in tasks) Assert.That(rows.Count(r => r[0] == task[0]), Is.EqualTo(2 * 3), $"{task[1]} {task[2]}: early-stop and final × 3 corruptions");

        var combinations = RowDump.Of(Path.Combine(outDir, "deck", "combinations"), "task_id", "kind", "members").Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.That(combinations.Select(c => c[1]).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count()),
            Is.EqualTo(new Dictionary<string, int> { ["card-deck"] = 4, ["card-deck-average"] = 4, ["card-deck-batch"] = 4 }));

        var (code, report, reportErrors) = InProcessCli.Run("report", Path.Combine(outDir, "deck"), "--metric", "mean_corruption_accuracy_final", "--format", "md");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), reportErrors);
        Assert.That(report, Does.Contain("deck-average").And.Contain("gaussian-1").And.Contain("mean corruption acc %").And.Contain("→gaussian corrupted %"));
        // "Δ vs dense" is against the dense trial only: the cards' round 0 (augmented) and the dense decks are compared with
        // it, not pooled into it.
        var lines = report.Split('\n');
        var column = Array.FindIndex(lines.First(l => l.StartsWith("| method | branch |", StringComparison.Ordinal)).Split('|'), c => c.Trim().StartsWith("Δ vs dense", StringComparison.Ordinal));
        string Delta(string method, string branch) => lines.Single(l => l.StartsWith($"| {method} | {branch} | 100.0 |", StringComparison.Ordinal)).Split('|')[column].Trim();
        Assert.That(Delta("dense", "main"), Is.EqualTo("–"));
        Assert.That(Delta("card", "augmix-1"), Does.Match(@"^[+−]?\d+\.\d\d \["));
        Assert.That(Delta("card", "deck"), Does.Match(@"^[+−]?\d+\.\d\d \["));
    }

    /// <summary>Runs study <paramref name="text"/> (named <paramref name="name"/>) through the CLI on 2 slots; the output folder.</summary>
    private static string Run(string name, string text)
    {
        var dir = Directory.CreateTempSubdirectory($"actorsweep-{name}").FullName;
        var file = Path.Combine(dir, $"{name}.hocon");
        File.WriteAllText(file, text);
        var outDir = Path.Combine(dir, "out");
        var (exit, output, errors) = InProcessCli.Run("run", file, "--out", outDir, "--plain", "--slots", "2");
        Assert.That(exit, Is.EqualTo(ExitCodes.Ok), errors + output);
        return outDir;
    }
}
