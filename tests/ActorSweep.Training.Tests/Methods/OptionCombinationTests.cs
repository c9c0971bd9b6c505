using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Tests.Support;

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
        var (block, companions, baseTraining) = MethodStudies.BaseOf(method);
        var blocks = new List<string> { block };
        foreach (var option in definition.Options)
            foreach (var value in MethodStudies.ValuesOf(option))
                blocks.Add(MethodStudies.With(block, option.ShortKey, value));

        var accepted = 0;
        var refusals = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);   // across combinations: a task is trained once
        var layout = new StudyLayout(Directory.CreateTempSubdirectory($"actorsweep-combinations-{method}").FullName);
        var runner = new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load));
        foreach (var model in Models)
            foreach (var training in TrainingVariants)
                foreach (var methodBlock in blocks)
                {
                    if (model != Models[0] && training.Length > 0) continue;   // the batch-norm model with the base training only
                    var text = MethodStudies.Study(model, string.Join(", ", new[] { baseTraining, training }.Where(t => t.Length > 0)), methodBlock, companions);
                    StudySpec spec;
                    try { spec = new StudyLoader(MethodStudies.Catalog).LoadText(text, "combination.hocon"); }
                    catch (StudyValidationException) { continue; }   // refused at validate: what this test wants of a bad combination
                    accepted++;
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
        var colt = Assert.Throws<StudyValidationException>(() => new StudyLoader(MethodStudies.Catalog).LoadText(MethodStudies.Study("lenet-16-8", "", "{ name = colt, parts = 3 }", ""), "c.hocon"))!;
        Assert.That(colt.Message, Does.Contain("method.parts: COLT splits the classes into equal parts, and synthetic's 10 classes do not divide into 3; expected a divisor of 10 (2, 5, 10)"));
        var kd = Assert.Throws<StudyValidationException>(() => new StudyLoader(MethodStudies.Catalog).LoadText(MethodStudies.Study("lenet-16-8", "label-smoothing = 0.1", "{ name = imp, rounds = 1, distill = true }", ""), "k.hocon"))!;
        Assert.That(kd.Message, Does.Contain("training.label-smoothing (0.1) cannot apply with method.distill = true"));
    }
}
