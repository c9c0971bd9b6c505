using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Tests.Support;

namespace ActorSweep.Training.Tests.Loop;

/// <summary>
/// Every trainer's steps while another thread collects garbage and runs finalisers without pause — what freed a
/// temporary Scalar under libtorch's feet and failed LTH tasks ("Exception raised from toFloat at c10/core/Scalar.h").
/// Method by method, with the Mish activation (its softplus had racing Scalars inside TorchSharp): no task fails, and
/// every result equals the quiet run's to the last bit. (Batch norm's held counter is checked bit for bit and by the IL
/// scan in <see cref="ImplicitScalarTests"/>; see docs/platform.md for why the conv net is not trained here.)
/// </summary>
[NonParallelizable]
public class ScalarRaceStressTests
{
    private static IEnumerable<string> Methods() => MethodRegistry.Default.Names;

    [TestCaseSource(nameof(Methods))]
    public void EveryTrainersSteps_UnderConstantCollections_NeitherFailNorChange(string method)
    {
        var (block, companions, training) = MethodStudies.BaseOf(method);
        var text = MethodStudies.Study("lenet-16-8", string.Join(", ", new[] { training, "activation = mish" }.Where(t => t.Length > 0)), block, companions);
        var graph = TaskGraph.Build(new StudyLoader(MethodStudies.Catalog).LoadText(text, $"{method}.hocon"));

        var quiet = RunAll(graph);
        Dictionary<string, TaskResult> pressed;
        int collections;
        using (var pressure = ConstantCollections.Start())
        {
            pressed = RunAll(graph);
            collections = pressure.Count;
        }
        TestContext.Progress.WriteLine($"{method}: {graph.Tasks.Count} task(s), {collections} collections while they trained");
        Assert.That(collections, Is.GreaterThan(graph.Tasks.Count), "the collector ran throughout");
        foreach (var task in graph.Tasks)
        {
            var (a, b) = (quiet[task.TaskId], pressed[task.TaskId]);
            Assert.That((b.TestAccuracyFinal, b.TrainAccuracyFinal, b.TestAccuracyAtEarlyStop, b.EarlyStopIteration, b.ParamsNonzero),
                Is.EqualTo((a.TestAccuracyFinal, a.TrainAccuracyFinal, a.TestAccuracyAtEarlyStop, a.EarlyStopIteration, a.ParamsNonzero)),
                $"{task.Method} {task.Branch} r{task.Round}");
        }
    }

    private static Dictionary<string, TaskResult> RunAll(TaskGraph graph)
    {
        var layout = new StudyLayout(Directory.CreateTempSubdirectory("actorsweep-pressed").FullName);
        var runner = new TorchTaskRunner(new TorchRunnerOptions(layout, DatasetRegistry.Load));
        return graph.Tasks.ToDictionary(t => t.TaskId, t => runner.Run(t, _ => { }, CancellationToken.None));
    }
}
