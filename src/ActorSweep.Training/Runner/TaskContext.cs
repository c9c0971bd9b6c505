using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Runner;

/// <summary>
/// The common frame a method trainer works in, set up by the runner: the task, its training options, its
/// data on the device, its random streams, the artifacts of its parents and its own, a model factory, and
/// the training loop wired to the task's progress and cancellation.
/// </summary>
public sealed class TaskContext
{
    private readonly Func<ImageDataset, SparseNet> _newModelFor;

    internal TaskContext(TaskSpec task, TrainingHparams training, DeviceData data, ArtifactStore artifacts, Func<ImageDataset, SparseNet> newModelFor,
        Action<TaskProgress> progress, CancellationToken cancellation)
    {
        Task = task;
        Training = training;
        Data = data;
        Artifacts = artifacts;
        _newModelFor = newModelFor;
        Progress = progress;
        Cancellation = cancellation;
        Random = RandomStreams.Of(task);
    }

    /// <summary>The task.</summary>
    public TaskSpec Task { get; }

    /// <summary>The trial's training options.</summary>
    public TrainingHparams Training { get; }

    /// <summary>
    /// The options the method retrains a found mask with: the trial's, with its block's <c>retraining { }</c> keys in place
    /// (<see cref="RetrainingSchema"/>); the trial's own when it has none.
    /// </summary>
    public TrainingHparams Retraining => _retraining ??= RetrainingSchema.IsSet(Task.Hparams)
        ? TrainingHparams.From(RetrainingSchema.Overlay(Task.Hparams), Task.DefaultsVersion)
        : Training;

    private TrainingHparams? _retraining;

    /// <summary>The dataset's splits on the task's device.</summary>
    public DeviceData Data { get; }

    /// <summary>The training split (shapes and class count).</summary>
    public ImageDataset TrainSplit => Data.Splits.Train;

    /// <summary>The trial's named random streams.</summary>
    public RandomStreams Random { get; private init; }

    /// <summary>Artifacts: the parents' (read) and this task's (written).</summary>
    public ArtifactStore Artifacts { get; }

    /// <summary>Receives the task's progress.</summary>
    public Action<TaskProgress> Progress { get; }

    /// <summary>Cancels the task.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The id of parent <paramref name="index"/> (0 = the one the lineage continues from).</summary>
    public string Parent(int index = 0) =>
        index >= 0 && index < Task.ParentTaskIds.Count ? Task.ParentTaskIds[index]
            : throw new InvalidOperationException($"task {Task.TaskId} ({Task.Method} {Task.Branch}, round {Task.Round}) has {Task.ParentTaskIds.Count} parent(s); parent {index} was asked for");

    /// <summary>The trial's root task (θ0, θ_k); only a task that descends from it in the graph has one.</summary>
    public string Root => Task.RootTaskId ?? throw new DeterministicTaskFailure(
        $"task {Task.TaskId} ({Task.Method} {Task.Branch}, round {Task.Round}) reads its trial's first task, which is not among its ancestors; " +
        "the method's plan must make that task a parent (a method bug, not the data's or the node's)");

    /// <summary>The prunable layers of the task's architecture (to read a parent's mask without a model at hand).</summary>
    public IReadOnlyList<PrunableLayer> ModelLayers
    {
        get
        {
            if (_layers is null)
            {
                using var model = NewModel();
                _layers = model.PrunableLayers.ToArray();
            }
            return _layers;
        }
    }

    private IReadOnlyList<PrunableLayer>? _layers;

    /// <summary>A new model of the task's architecture on its device for this context's classes (weights to be set by the caller).</summary>
    public SparseNet NewModel() => _newModelFor(TrainSplit);

    /// <summary>
    /// This task's frame restricted to classes [<paramref name="first"/>, <paramref name="end"/>) of its dataset, labels
    /// shifted to 0 (COLT's data partitions): the same task, streams and artifacts; the part's data; models with an
    /// (end − first)-way output layer.
    /// </summary>
    public TaskContext ForClasses(int first, int end) =>
        new(Task, Training, DeviceData.For(Data.Splits.ClassRange(first, end), Data.TrainX.device, Data.PadFill is not null), Artifacts, _newModelFor, Progress, Cancellation);

    /// <summary>
    /// This task's frame with other training options and other random streams (a CARD-Deck's card: its group's augmentation,
    /// its own θ0 and data order); the same task, data and artifacts.
    /// </summary>
    public TaskContext With(TrainingHparams training, RandomStreams random) =>
        new(Task, training, Data, Artifacts, _newModelFor, Progress, Cancellation) { Random = random };

    /// <summary>A new model initialised from the stream <paramref name="initialisation"/> (with <c>training.init</c>'s initialiser).</summary>
    public SparseNet NewModel(ulong initialisation)
    {
        var model = NewModel();
        using var g = new Generator(initialisation);
        model.Initialize(g, Training.Init);
        return model;
    }

    /// <summary>
    /// Masks <paramref name="model"/>'s weights and records where the task starts: its weights (<c>init.pt</c>)
    /// and mask (<c>mask.pt</c>).
    /// </summary>
    public void Start(SparseNet model, Mask mask)
    {
        var maskTensors = TrainingLoop.MaskTensors(model, mask, Data.TrainX.device);
        TrainingLoop.Constraint(model, maskTensors, mask.Basis)();
        foreach (var t in maskTensors.Values) t.Dispose();
        Artifacts.SaveWeights(Task.TaskId, ArtifactNames.Init, model);
        Artifacts.SaveMask(Task.TaskId, mask);
    }

    /// <summary>
    /// Trains with the common loop from <paramref name="startIteration"/>, on the trial's data order unless
    /// <paramref name="dataOrder"/> says otherwise, with the trial's options unless <paramref name="training"/>
    /// replaces them (Scratch-B's longer budget).
    /// </summary>
    public TrainOutcome Train(SparseNet model, Mask mask, int startIteration = 0, TrainingHooks? hooks = null,
        TrainingHparams? training = null, ulong? dataOrder = null) =>
        TrainingLoop.Train(model, mask, Data, training ?? Training,
            new TrainingRun(Task.TaskId, startIteration, dataOrder ?? Random.DataOrder, Progress, Cancellation) { Hooks = hooks ?? TrainingHooks.None });

    /// <summary>
    /// <see cref="StartAndTrain"/> as the retraining of a found mask: with <see cref="Retraining"/>'s options, the model
    /// switched to its activation (the same weights: activations have none).
    /// </summary>
    public TrainOutcome StartAndRetrain(SparseNet model, Mask mask, int startIteration = 0, TrainingHooks? hooks = null)
    {
        model.WithActivation(Retraining.Activation);
        return StartAndTrain(model, mask, startIteration, hooks, Retraining);
    }

    /// <summary><see cref="Start"/>, then <see cref="Train"/>: the usual shape of a task.</summary>
    public TrainOutcome StartAndTrain(SparseNet model, Mask mask, int startIteration = 0, TrainingHooks? hooks = null, TrainingHparams? training = null)
    {
        Start(model, mask);
        return Train(model, mask, startIteration, hooks, training);
    }
}
