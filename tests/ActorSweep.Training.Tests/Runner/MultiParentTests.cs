using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Runner;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Runner;

/// <summary>
/// A task of a DAG reads the artifacts of every parent, also of other trials: a test method averages the
/// trained weights of the dense trials of several seeds (a uniform soup) and only evaluates them.
/// </summary>
[NonParallelizable]
public class MultiParentTests
{
    private sealed record SoupOptions(IReadOnlyList<int> Seeds);

    private sealed class SoupMethod : MethodDefinition<SoupOptions>
    {
        public SoupMethod() : base("test-soup", "test: average the dense trials of the given seeds", new OptionSchema<SoupOptions>(
            new[] { new HparamDefinition("method.ingredients", HparamType.IntList, null) }, v => new SoupOptions(v.Ints("method.ingredients")))) { }

        protected override IReadOnlyList<PlanNode> Plan(SoupOptions options, PlanContext context)
        {
            var parents = options.Seeds.Select(seed => context.Resolve(new TrialReference("method.ingredients", $"the dense trial of seed {seed}",
                t => t.Method == "dense" && t.Seed == seed && t.Model == context.Trial.Model)))
                .Select(p => p!.Edge(0)).ToArray();
            return new[] { new PlanNode(0, Branches.Main, parents) };
        }
    }

    private sealed class SoupTrainer : MethodTrainer<SoupOptions>
    {
        public SoupTrainer() : base(new SoupMethod()) { }

        protected override TrainedTask Train(TaskContext context, SoupOptions options)
        {
            var soup = context.NewModel();
            var sum = new Dictionary<string, Tensor>();
            for (var i = 0; i < context.Task.ParentTaskIds.Count; i++)
            {
                using var ingredient = context.NewModel();
                context.Artifacts.LoadWeights(context.Parent(i), ArtifactNames.Final, ingredient);
                foreach (var (name, t) in ingredient.state_dict())
                    sum[name] = sum.TryGetValue(name, out var s) ? s.add(t) : t.detach().clone();
            }
            using (no_grad())
                foreach (var (name, t) in soup.state_dict()) t.copy_(sum[name] / context.Task.ParentTaskIds.Count);
            var mask = Mask.Ones(soup.PrunableLayers);
            context.Start(soup, mask);
            return TrainedTask.Of(soup, mask, context.Train(soup, mask, context.Training.Iterations));   // evaluation only
        }
    }

    [Test]
    public void ATaskWithParentsInOtherTrials_ReadsEachParentsArtifacts()
    {
        var methods = MethodRegistry.Default.With(new SoupMethod());
        var catalog = new StudyCatalog(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, "lenet");
        var graph = TaskGraph.Build(new StudyLoader(catalog, methods).LoadText("""
            name = soup
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2, 3]
            training { iterations = 40, eval-every = 20, batch-size = 32, validation-size = 400 }
            methods = [ { name = dense }, { name = test-soup, ingredients = [1, 2, 3] } ]
            """));
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-soup").FullName);
        var runner = new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load), TrainerRegistry.Default.With(new SoupTrainer()));
        var results = graph.Tasks.ToDictionary(t => t.TaskId, t => runner.Run(t, _ => { }, CancellationToken.None));

        var soup = graph.Tasks.First(t => t.Method == "test-soup");
        Assert.That(soup.ParentTaskIds, Has.Count.EqualTo(3));
        var finals = soup.ParentTaskIds.Select(p => TensorFile.Load(layout.Artifact(p, ArtifactNames.Final)).ToDictionary(e => e.Name, e => e.Data)).ToList();
        var start = TensorFile.Load(layout.Artifact(soup.TaskId, ArtifactNames.Init)).ToDictionary(e => e.Name, e => e.Data);
        foreach (var (name, data) in start)
        {
            if (data is not float[] averaged) continue;
            for (var i = 0; i < averaged.Length; i++)
                Assert.That(averaged[i], Is.EqualTo(finals.Average(f => ((float[])f[name])[i])).Within(1e-5), $"{name}[{i}] is the mean of the three parents");
        }
        Assert.That(results[soup.TaskId].Iterations, Is.EqualTo(0), "the soup is evaluated, not trained");
        Assert.That(results[soup.TaskId].TestAccuracyFinal, Is.GreaterThan(0.1));
    }
}
