using ActorSweep.Core.Layout;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.Basis;
using ActorSweep.Training.Pruning;
using static TorchSharp.torch;

namespace ActorSweep.Training.Artifacts;

/// <summary>
/// Per-task artifacts under <see cref="StudyLayout.ArtifactDir"/>: weights (θ0, θ_k, final) and masks,
/// addressed by task id and artifact name, stored once and written atomically.
/// </summary>
public sealed class ArtifactStore
{
    private readonly StudyLayout _layout;

    /// <summary>Stores artifacts in the study folder of <paramref name="layout"/>.</summary>
    public ArtifactStore(StudyLayout layout) => _layout = layout;

    /// <summary>True when the task's artifact exists.</summary>
    public bool Exists(string taskId, string name) => File.Exists(_layout.Artifact(taskId, name));

    /// <summary>Saves a model's full state (parameters and buffers).</summary>
    public void SaveWeights(string taskId, string name, SparseNet model) =>
        TensorFile.Save(_layout.Artifact(taskId, name), TensorFile.FromTensors(model.state_dict()));

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> into <paramref name="model"/> (shapes must match).</summary>
    public void LoadWeights(string taskId, string name, SparseNet model) => CopyInto(model, ReadState(taskId, name), $"artifact {name} of task {taskId}");

    /// <summary>Every tensor of a saved artifact by name (weights and buffers, or a mask's layers), as stored.</summary>
    public IReadOnlyDictionary<string, StoredTensor> ReadState(string taskId, string name) =>
        Read(taskId, name).ToDictionary(e => e.Name, e => new StoredTensor(e.Shape, e.Data), StringComparer.Ordinal);

    /// <summary>The full state of <paramref name="model"/> (every tensor of its state dict), as <see cref="ReadState"/> gives a saved one.</summary>
    public static Dictionary<string, StoredTensor> StateOf(SparseNet model) =>
        TensorFile.FromTensors(model.state_dict()).ToDictionary(e => e.Name, e => new StoredTensor(e.Shape, e.Data), StringComparer.Ordinal);

    /// <summary>Copies a full state (every tensor of the model's state dict, shapes equal) into <paramref name="model"/>; <paramref name="what"/> names it in errors.</summary>
    public static void CopyInto(SparseNet model, IReadOnlyDictionary<string, StoredTensor> state, string what)
    {
        using var _ = no_grad();
        foreach (var (key, target) in model.state_dict())
        {
            if (!state.TryGetValue(key, out var e)) throw new InvalidDataException($"{what} has no tensor '{key}'");
            if (!e.Shape.SequenceEqual(target.shape)) throw new InvalidDataException($"{what}: '{key}' has shape [{string.Join(",", e.Shape)}], the model [{string.Join(",", target.shape)}]");
            using var src = e.Data is long[] l ? tensor(l, e.Shape) : tensor((float[])e.Data, e.Shape);
            target.copy_(src);
        }
    }

    /// <summary>Saves a mask (as <c>mask.pt</c> unless <paramref name="name"/> says otherwise), with any <paramref name="extra"/> tensors beside it.</summary>
    public void SaveMask(string taskId, Mask mask, string name = ArtifactNames.Mask, IEnumerable<(string Name, long[] Shape, Array Data)>? extra = null) =>
        TensorFile.Save(_layout.Artifact(taskId, name), mask.Layers.Select(l => (l.Name, l.Shape, (Array)mask[l.Name]))
            .Concat(MaskBasis.Entry(mask.Basis))
            .Concat(extra ?? Array.Empty<(string, long[], Array)>()));

    /// <summary>Loads a mask for the given layers (from <c>mask.pt</c> unless <paramref name="name"/> says otherwise).</summary>
    public Mask LoadMask(string taskId, IReadOnlyList<PrunableLayer> layers, string name = ArtifactNames.Mask)
    {
        var all = Read(taskId, name);
        var entries = all.Where(e => e.Data is float[]).ToDictionary(e => e.Name, e => (float[])e.Data);
        return new Mask(layers, entries) { Basis = MaskBasis.Of(all) };
    }

    /// <summary>The basis a task's mask keeps coefficients of, read without the layers (canonical for every mask but a generalized ticket's).</summary>
    public string MaskBasisOf(string taskId, string name = ArtifactNames.Mask) => MaskBasis.Of(Read(taskId, name));

    /// <summary>Prunable weights of a saved state as arrays (for pruning decisions).</summary>
    public Dictionary<string, float[]> LoadPrunableWeights(string taskId, string name, IReadOnlyList<PrunableLayer> layers)
    {
        var entries = Read(taskId, name).ToDictionary(e => e.Name);
        return layers.ToDictionary(l => l.Name, l => entries.TryGetValue(l.Name, out var e) ? (float[])e.Data
            : throw new InvalidDataException($"artifact {name} of task {taskId} has no tensor '{l.Name}'"));
    }

    private List<(string Name, long[] Shape, Array Data)> Read(string taskId, string name)
    {
        var path = _layout.Artifact(taskId, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"artifact '{name}' of task {taskId} is missing ({path}); the task that produces it has not completed here", path);
        return TensorFile.Load(path);
    }
}

/// <summary>A tensor as an artifact stores it: its shape and its float32 or int64 elements.</summary>
public sealed record StoredTensor(long[] Shape, Array Data);
