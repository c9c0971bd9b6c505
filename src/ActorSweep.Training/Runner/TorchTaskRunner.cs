using System.Diagnostics;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Methods;
using ActorSweep.Training.Metrics;
using ActorSweep.Training.Models;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Runner;

/// <summary>
/// Trains one task with TorchSharp, in the frame every method shares: it loads the dataset onto the device,
/// gives the task's method trainer (found by name in the <see cref="TrainerRegistry"/>) a
/// <see cref="TaskContext"/> with a model factory, random streams and the parents' artifacts, then saves
/// the trained network and turns it into the task's row (accuracy, sparsity, ShrinkBench FLOPs). It knows
/// no method and no branch.
/// </summary>
public sealed class TorchTaskRunner : ITaskRunner
{
    private static readonly object ThreadsLock = new();
    private readonly TorchRunnerOptions _options;
    private readonly TrainerRegistry _trainers;
    private readonly Device _device;

    /// <summary>Creates a runner; sets libtorch's thread count (process-wide).</summary>
    public TorchTaskRunner(TorchRunnerOptions options, TrainerRegistry? trainers = null)
    {
        _options = options;
        _trainers = trainers ?? TrainerRegistry.Default;
        _device = new Device(options.Device);
        lock (ThreadsLock) set_num_threads(options.Threads);
    }

    /// <inheritdoc />
    public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
    {
        try { return Train(task, progress, cancellation); }
        catch (Exception e) when (FailureClassifier.Classify(e, _options.Device) is var reported && !ReferenceEquals(reported, e)) { throw reported; }
    }

    private TaskResult Train(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var trainer = _trainers.Get(task.Method);
        var training = TrainingHparams.From(task.Hparams, task.DefaultsVersion);
        var shared = DeviceData.For(_options.LoadData(task.Dataset, training.ValidationSize), _device, training.NormalizeInputs);
        var train = shared.Splits.Train;
        using var noisy = training.LabelNoise.IsNoisy
            ? shared.WithTrainLabels(NoisyLabels.Apply(train.Labels, train.Classes, training.LabelNoise, Randomness.RandomStreams.Of(task).LabelNoise, task.Dataset, task.DefaultsVersion))
            : null;
        var data = noisy ?? shared;
        var artifacts = new ArtifactStore(_options.LayoutOf(task.Study));
        var context = new TaskContext(task, training, data, artifacts, split => NewModel(task.Model, split, training.Activation), progress, cancellation);

        var trained = trainer.Train(context);
        using var model = trained.Model;
        if (trained.Outcome.FinalMask is not null) artifacts.SaveMask(task.TaskId, trained.Mask);   // the mask the weights ended under
        artifacts.SaveWeights(task.TaskId, ArtifactNames.Final, model);

        var mask = trained.Mask;
        var outcome = trained.Outcome;
        var total = model.ParameterCount;
        var (layers, dense, sparse) = SparsityMetrics.Measure(model, mask, train.Channels, train.Height, train.Width);
        return new TaskResult(mask.Density, total, total - (mask.TotalCount - mask.TotalKept), outcome.EarlyStopIteration,
            outcome.TestAccuracyAtEarlyStop, outcome.TestAccuracyFinal, outcome.TrainAccuracyFinal, outcome.Iterations,
            clock.Elapsed.TotalSeconds, _options.Device, outcome.Curve)
        {
            FlopsDense = dense,
            FlopsSparse = sparse,
            Layers = layers,
            Interpolation = trained.Interpolation,
            Instability = trained.Instability,
            Combination = trained.Combination,
            Measurements = trained.Measurements,
            Robustness = outcome.Robustness,
        };
    }

    private SparseNet NewModel(string name, Data.ImageDataset train, string activation)
    {
        var model = ModelRegistry.Create(name, train.Channels, train.Height, train.Width, train.Classes).WithActivation(activation);
        model.to(_device);
        return model;
    }
}
