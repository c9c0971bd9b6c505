using System.Diagnostics;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.AtInit;
using ActorSweep.Core.Methods.Dynamic;
using ActorSweep.Core.Methods.Imp;
using ActorSweep.Core.Methods.OneShot;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Metrics;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.AtInit;
using ActorSweep.Training.Pruning.Distribution;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Pruning.Magnitude;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Runner;

/// <summary>
/// Trains one task with TorchSharp. Round 0 initialises from the trial seed and saves θ0 (and θ_k
/// when the trial rewinds); a pruned round prunes its parent's trained weights among its parent's
/// survivors and retrains as <c>method.retrain</c> says (weight rewinding to θ0 / θ_k, learning-rate
/// rewinding or fine-tuning from the trained weights), optionally distilling the trial's dense
/// network; the controls keep the round's mask with a fresh initialisation (random re-init, and
/// Scratch-B with the dense FLOP budget) or its per-layer counts at random positions (random mask).
/// Pruning-at-init and dynamic-sparse methods train one sparse network from a fresh initialisation;
/// an LMC pair trains two copies from θ_k and interpolates between them.
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
        using var model = NewModel(task, train);
        var layers = model.PrunableLayers;
        var rewind = task.Hparams.GetInt(HparamKeys.RewindIteration, 0);
        var seed = (ulong)task.Seed;
        if (task.Branch == Branches.Lmc) return RunLmcPair(task, model, data, h, artifacts, rewind, progress, cancellation, clock);

        Mask mask;
        var start = 0;
        Action<int>? afterStep = null;
        TrainingExtras? extras = null;
        SparseNet? teacher = null;
        var trainHparams = h;

        try
        {
            if (IsPruneAtInit(task.Method))
            {
                using (var g = new Generator(seed)) model.Initialize(g);
                mask = PruneAtInit.Choose(task.Method, model, data, task.Hparams, DerivedSeed(seed, 0, 3));
            }
            else if (task.Method is DynamicSparseMethod.Set or DynamicSparseMethod.RigL)
            {
                using (var g = new Generator(seed)) model.Initialize(g);
                var sparsity = task.Hparams.GetDouble(HparamKeys.Sparsity, double.NaN);
                var distribution = task.Hparams.GetString(HparamKeys.Distribution, LayerDistributions.ErdosRenyiKernel)!;
                mask = RandomMasks.WithLayerCounts(layers, LayerDensities.KeptCounts(layers, sparsity, distribution), DerivedSeed(seed, 0, 4));
                extras = new TrainingExtras
                {
                    MaskUpdater = new DynamicSparsity(task.Method, h.Iterations,
                        task.Hparams.GetInt(HparamKeys.UpdateEvery, DynamicSparseMethod.DefaultUpdateEvery),
                        task.Hparams.GetDouble(HparamKeys.DropFraction, DynamicSparseMethod.DefaultDropFraction),
                        task.Hparams.GetDouble(HparamKeys.EndFraction, DynamicSparseMethod.DefaultEndFraction),
                        task.Hparams.GetString(HparamKeys.DropSchedule, DynamicSparseMethod.Cosine)!,
                        DerivedSeed(seed, 0, 6)),
                };
            }
            else if (task.Round == 0 && task.Branch == Branches.Main)
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
                var retrain = task.Hparams.GetString(HparamKeys.Retrain, Retraining.WeightRewind)!;
                switch (retrain)
                {
                    case Retraining.WeightRewind:
                        start = ResetToRoot(artifacts, task, model, rewind);
                        break;
                    case Retraining.LrRewind:
                        artifacts.LoadWeights(Parent(task), ArtifactNames.Final, model);
                        start = rewind;
                        break;
                    case Retraining.FineTune:
                        artifacts.LoadWeights(Parent(task), ArtifactNames.Final, model);
                        start = rewind;
                        var finalLr = h.LearningRateAt(h.Iterations - 1);
                        extras = new TrainingExtras { LearningRate = _ => finalLr };
                        break;
                    default:
                        throw new NotSupportedException($"method.retrain '{retrain}' is not implemented; known: {string.Join(", ", Retraining.All)}");
                }
                if (task.Hparams.GetBool(HparamKeys.Distill, false))
                {
                    teacher = NewModel(task, train);
                    artifacts.LoadWeights(Root(task), ArtifactNames.Final, teacher);
                    extras = (extras ?? new TrainingExtras()) with
                    {
                        Teacher = teacher,
                        KdAlpha = task.Hparams.GetDouble(HparamKeys.KdAlpha, Distillation.DefaultAlpha),
                        KdTemperature = task.Hparams.GetDouble(HparamKeys.KdTemperature, Distillation.DefaultTemperature),
                    };
                }
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
            else if (task.Branch == Branches.ScratchB)
            {
                mask = artifacts.LoadMask(Parent(task), layers);
                using (var g = new Generator(DerivedSeed(seed, task.Round, 5))) model.Initialize(g);
                var (_, dense, sparse) = SparsityMetrics.Measure(model, mask, train.Channels, train.Height, train.Width);
                var factor = Math.Min(task.Hparams.GetDouble(HparamKeys.ScratchBMaxFactor, 2.0), dense / sparse);
                trainHparams = h with
                {
                    Iterations = (int)Math.Round(h.Iterations * factor),
                    LrMilestones = h.LrMilestones.Select(m => (int)Math.Round(m * factor)).ToArray(),
                };
            }
            else throw new NotSupportedException($"branch '{task.Branch}' is not implemented; known branches: {Branches.Main}, {string.Join(", ", Branches.Controls)}, {Branches.Lmc}");

            var maskTensors = TrainingLoop.MaskTensors(model, mask, _device);
            TrainingLoop.ApplyMasks(model, maskTensors);
            foreach (var t in maskTensors.Values) t.Dispose();
            artifacts.SaveWeights(task.TaskId, ArtifactNames.Init, model);
            artifacts.SaveMask(task.TaskId, mask);
            var outcome = TrainingLoop.Train(model, mask, data, trainHparams, start, seed, task.TaskId, progress, afterStep, cancellation, extras);
            if (outcome.FinalMask is { } changed)
            {
                mask = changed;
                artifacts.SaveMask(task.TaskId, mask);   // the mask the weights ended under (dynamic sparse training)
            }
            artifacts.SaveWeights(task.TaskId, ArtifactNames.Final, model);
            return Result(model, mask, train, outcome, clock);
        }
        finally
        {
            teacher?.Dispose();
        }
    }

    private TaskResult Result(SparseNet model, Mask mask, ImageDataset train, TrainOutcome outcome, Stopwatch clock)
    {
        var prunable = mask.TotalCount;
        var total = model.ParameterCount;
        var (layerStats, dense, sparse) = SparsityMetrics.Measure(model, mask, train.Channels, train.Height, train.Width);
        return new TaskResult(mask.Density, total, total - (prunable - mask.TotalKept), outcome.EarlyStopIteration,
            outcome.TestAccuracyAtEarlyStop, outcome.TestAccuracyFinal, outcome.TrainAccuracyFinal, outcome.Iterations,
            clock.Elapsed.TotalSeconds, _options.Device, outcome.Curve)
        {
            FlopsDense = dense,
            FlopsSparse = sparse,
            Layers = layerStats,
        };
    }

    /// <summary>
    /// Linear mode connectivity (Frankle et al. 2020): θ_k of the trial's dense run (θ0 when k = 0)
    /// trained to the end twice with different data orders; error along the line between the two.
    /// </summary>
    private TaskResult RunLmcPair(TaskSpec task, SparseNet a, DeviceData data, TrainingHparams h, ArtifactStore artifacts, int rewind,
        Action<TaskProgress> progress, CancellationToken cancellation, Stopwatch clock)
    {
        var train = data.Splits.Train;
        var start = ResetToRoot(artifacts, task, a, rewind);
        using var b = NewModel(task, train);
        artifacts.LoadWeights(Root(task), rewind > 0 ? ArtifactNames.Rewind : ArtifactNames.Init, b);
        var ones = Mask.Ones(a.PrunableLayers);
        var seed = (ulong)task.Seed;
        artifacts.SaveWeights(task.TaskId, ArtifactNames.Init, a);
        artifacts.SaveMask(task.TaskId, ones);
        var outcomeA = TrainingLoop.Train(a, ones, data, h, start, DerivedSeed(seed, 0, 11), task.TaskId, progress, null, cancellation);
        TrainingLoop.Train(b, ones, data, h, start, DerivedSeed(seed, 0, 12), task.TaskId, progress, null, cancellation);
        artifacts.SaveWeights(task.TaskId, ArtifactNames.Final, a);
        artifacts.SaveWeights(task.TaskId, ArtifactNames.FinalB, b);
        var points = task.Hparams.GetInt(HparamKeys.InterpolationPoints, Core.Methods.Lmc.LinearModeMethod.DefaultPoints);
        using var probe = NewModel(task, train);
        var line = Interpolation.Evaluate(a, b, probe, data, points);
        return Result(a, ones, train, outcomeA, clock) with { Interpolation = line, Instability = Interpolation.Instability(line) };
    }

    private SparseNet NewModel(TaskSpec task, ImageDataset train)
    {
        var model = ModelRegistry.Create(task.Model, train.Channels, train.Height, train.Width, train.Classes);
        model.to(_device);
        return model;
    }

    private static bool IsPruneAtInit(string method) =>
        method is PruneAtInitMethod.Snip or PruneAtInitMethod.Grasp or PruneAtInitMethod.SynFlow or PruneAtInitMethod.Random;

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
        artifacts.LoadWeights(Root(task), rewind > 0 ? ArtifactNames.Rewind : ArtifactNames.Init, model);
        return rewind;
    }

    private static string Root(TaskSpec task) =>
        task.RootTaskId ?? throw new InvalidOperationException($"task {task.TaskId} (round {task.Round}) has no root task");

    private static string Parent(TaskSpec task) =>
        task.ParentTaskId ?? throw new InvalidOperationException($"task {task.TaskId} ({task.Branch}, round {task.Round}) has no parent task");

    private static ulong DerivedSeed(ulong seed, int round, int purpose) => seed * 1_000_003UL + (ulong)round * 7919UL + (ulong)purpose;
}
