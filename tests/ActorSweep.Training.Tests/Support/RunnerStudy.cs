using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Tests.Support;

/// <summary>A small study on the synthetic dataset, every task trained in order through the TorchSharp runner.</summary>
public static class RunnerStudy
{
    private static readonly StudyCatalog Catalog = new(DatasetRegistry.Names.ToArray(), ModelRegistry.IsKnown, "models")
    {
        ModelMapping = (from, to, mapping) => from == to && mapping is null ? null : DepthMorphism.Check(from, to, mapping),
    };

    public static (TaskGraph Graph, StudyLayout Layout, Dictionary<string, TaskResult> Results) Run(string methods, string training = "", string model = "lenet-16-8",
        int seed = 3, int evalEvery = 20, int defaultsVersion = DefaultsVersion.Current)
    {
        var g = TaskGraph.Build(new StudyLoader(Catalog) { DefaultsVersion = defaultsVersion }.LoadText($$"""
            name = m
            dataset = synthetic
            model = {{model}}
            seeds = [{{seed}}]
            training { iterations = 80, eval-every = {{evalEvery}}, batch-size = 32, validation-size = 400 {{training}} }
            methods = [ {{methods}} ]
            """));
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-methods").FullName);
        var runner = new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load));
        return (g, layout, g.Tasks.ToDictionary(t => t.TaskId, t => runner.Run(t, _ => { }, CancellationToken.None)));
    }
}
