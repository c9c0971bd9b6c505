using System.Diagnostics;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Imp;
using ActorSweep.Core.Methods.OneShot;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Magnitude;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Runner;

/// <summary>
/// Trains one task with TorchSharp. Round 0 initialises from the trial seed and saves θ0 (and θ_k
/// when the trial rewinds); a pruned round prunes its parent's trained weights among its parent's
/// survivors and resets to θ0 / θ_k; the random re-init control keeps the round's mask with a fresh
/// initialisation; the random-mask control keeps the round's per-layer counts at random positions.
/// </summary>
public sealed class TorchTaskRunner : ITaskRunner
{
    private static readonly object ThreadsLock = new();
    private readonly TorchRunnerOptions _options;
    private readonly Device _device;

    /// <summary>Creates a runner; sets libtorch's thread count (process-wide).</summary>
    public TorchTaskRunner(TorchRunnerOptions options)
    {
        _options = options;
        _device = new Device(options.Device);
        lock (ThreadsLock) set_num_threads(options.Threads);
    }

    /// <inheritdoc />
    public TaskResult Run(TaskSpec task, Action<TaskProgress> progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var artifacts = new ArtifactStore(_options.LayoutOf(task.Study));
        var h = TrainingHparams.From(task.Hparams);
        var splits = _options.LoadData(task.Dataset, h.ValidationSize);
        var data = DeviceData.For(splits, _device);
        var train = splits.Train;
        using var model = ModelRegistry.Create(task.Model, train.Channels, train.Height, train.Width, train.Classes);
        model.to(_device);
        var layers = model.PrunableLayers;
        var rewind = task.Hparams.GetInt(HparamKeys.RewindIteration, 0);
        var seed = (ulong)task.Seed;
        Mask mask;
        var start = 0;
        Action<int>? afterStep = null;

        if (task.Round == 0 && task.Branch == Branches.Main)
        {
            using (var g = new Generator(seed)) model.Initialize(g);
            mask = Mask.Ones(layers);
            if (rewind > 0) afterStep = step => { if (step == rewind) artifacts.SaveWeights(task.TaskId, ArtifactNames.Rewind, model); };
        }
        else if (task.Branch == Branches.Main)
        {
            var parentMask = artifacts.LoadMask(Parent(task), layers);
            var parentWeights = artifacts.LoadPrunableWeights(Parent(task), ArtifactNames.Final, layers);
            mask = Prune(task, model, parentMask, parentWeights);
            start = ResetToRoot(artifacts, task, model, rewind);
        }
        else if (task.Branch == Branches.RandomReinit)
        {
            mask = artifacts.LoadMask(Parent(task), layers);
            using var g = new Generator(DerivedSeed(seed, task.Round, 1));
            model.Initialize(g);
        }
        else if (task.Branch == Branches.RandomMask)
        {
            mask = RandomMasks.WithSameLayerCounts(artifacts.LoadMask(Parent(task), layers), DerivedSeed(seed, task.Round, 2));
            start = ResetToRoot(artifacts, task, model, rewind);
        }
        else throw new NotSupportedException($"branch '{task.Branch}' is not implemented; known branches: {Branches.Main}, {string.Join(", ", Branches.Controls)}");

        var maskTensors = TrainingLoop.MaskTensors(model, mask, _device);
        TrainingLoop.ApplyMasks(model, maskTensors);
        foreach (var t in maskTensors.Values) t.Dispose();
        artifacts.SaveWeights(task.TaskId, ArtifactNames.Init, model);
        artifacts.SaveMask(task.TaskId, mask);
        var outcome = TrainingLoop.Train(model, mask, data, h, start, seed, task.TaskId, progress, afterStep, cancellation);
        artifacts.SaveWeights(task.TaskId, ArtifactNames.Final, model);

        var prunable = mask.TotalCount;
        var total = model.ParameterCount;
        return new TaskResult(mask.Density, total, total - (prunable - mask.TotalKept), outcome.EarlyStopIteration,
            outcome.TestAccuracyAtEarlyStop, outcome.TestAccuracyFinal, outcome.TrainAccuracyFinal, outcome.Iterations,
            clock.Elapsed.TotalSeconds, _options.Device, outcome.Curve);
    }

    private static Mask Prune(TaskSpec task, SparseNet model, Mask parentMask, IReadOnlyDictionary<string, float[]> parentWeights)
    {
        var p = PruningOptions.From(task.Hparams);
        var global = p.Strategy == PruningOptions.Global;
        return task.Method switch
        {
            ImpMethod.MethodName when global => MagnitudePruner.Global(parentMask, parentWeights, p.GlobalFraction, p.ExcludeOutput),
            ImpMethod.MethodName => MagnitudePruner.Layerwise(parentMask, parentWeights, kind => kind switch
            {
                LayerKind.Fc => p.RateFc ?? model.DefaultRate(kind),
                LayerKind.Conv => p.RateConv ?? model.DefaultRate(kind),
                _ => p.RateOutput ?? model.DefaultRate(kind),
            }),
            OneShotMethod.MethodName => MagnitudePruner.OneShot(parentMask, parentWeights,
                task.Hparams.GetDouble(HparamKeys.Sparsity, double.NaN), global, p.ExcludeOutput),
            _ => throw new NotSupportedException($"method '{task.Method}' has no pruning step in this build; pruned rounds exist for: {ImpMethod.MethodName}, {OneShotMethod.MethodName}"),
        };
    }

    /// <summary>Loads θ0 (or θ_k when rewinding) of the trial's round 0; returns the iteration training resumes at.</summary>
    private static int ResetToRoot(ArtifactStore artifacts, TaskSpec task, SparseNet model, int rewind)
    {
        var root = task.RootTaskId ?? throw new InvalidOperationException($"task {task.TaskId} (round {task.Round}) has no root task");
        artifacts.LoadWeights(root, rewind > 0 ? ArtifactNames.Rewind : ArtifactNames.Init, model);
        return rewind;
    }

    private static string Parent(TaskSpec task) =>
        task.ParentTaskId ?? throw new InvalidOperationException($"task {task.TaskId} ({task.Branch}, round {task.Round}) has no parent task");

    private static ulong DerivedSeed(ulong seed, int round, int purpose) => seed * 1_000_003UL + (ulong)round * 7919UL + (ulong)purpose;
}
