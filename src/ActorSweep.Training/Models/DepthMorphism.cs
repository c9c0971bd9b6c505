using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ActorSweep.Core.Morphisms;
using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Models;

/// <summary>
/// Maps the state of one member of a model family onto a deeper or shallower member, block by block, as
/// VITA-Group/ElasticLTH's <c>lottery/branch/morphism.py</c> does. A <see cref="BlockMapping"/> for one stage
/// applies to every stage:
/// <list type="bullet">
/// <item>CIFAR ResNets (<c>resnet-N</c>, (N−2)/6 blocks in each of 3 stages; <c>change_depth_cifar_resnet</c>): block b of the
/// source lies in stage ⌊b/n⌋ at position b mod n; each of its tensors (convolutions, batch norms with their running
/// statistics, the shortcut of block 0) is copied to block stage·m + t of the target for every target position t it
/// maps to. The first convolution, its batch norm and the output layer are copied as they are.</item>
/// <item>MLPs with equal hidden widths (<c>lenet-W-W-…</c>; <c>change_depth_mnist_lenet</c>): hidden-producing layer i
/// (<c>layers.i</c>, i below the output) is block i of the single stage; the output layer is copied to the target's.</item>
/// </list>
/// Every tensor of the target must be written exactly once (the reference asserts it for ResNets; here it holds for
/// both families), which <see cref="BlockMapping.CheckFor"/> guarantees before anything is built.
/// </summary>
public sealed partial class DepthMorphism
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> StateKeys = new(StringComparer.Ordinal);

    private readonly Family _source;
    private readonly Family _target;

    private DepthMorphism(Family source, Family target, BlockMapping mapping)
    {
        _source = source;
        _target = target;
        Mapping = mapping;
    }

    /// <summary>The block mapping used (the one given, or the default stretch or squeeze).</summary>
    public BlockMapping Mapping { get; }

    /// <summary>
    /// The morphism from <paramref name="from"/> to <paramref name="to"/> with <paramref name="mapping"/> (text; null =
    /// <see cref="BlockMapping.Default"/>), or why there is none.
    /// </summary>
    public static (DepthMorphism? Morphism, string? Error) Between(string from, string to, string? mapping)
    {
        if (Family.Of(from) is not { } source) return (null, $"depth morphism is implemented for CIFAR ResNets (resnet-N) and equal-width MLPs (lenet-W-W-…), not {from}");
        if (Family.Of(to) is not { } target) return (null, $"depth morphism is implemented for CIFAR ResNets (resnet-N) and equal-width MLPs (lenet-W-W-…), not {to}");
        if (source.Kind != target.Kind) return (null, $"{from} and {to} are not members of one family");
        if (source.Width != target.Width) return (null, $"{from} and {to} have different hidden widths ({source.Width} and {target.Width}); only depth may change");
        var (parsed, error) = mapping is null ? BlockMapping.Default(source.Blocks, target.Blocks) : BlockMapping.Parse(mapping);
        if (parsed is null) return (null, mapping is null ? $"{error}; give method.block-mapping" : error);
        if (parsed.CheckFor(source.Blocks, target.Blocks) is { } problem) return (null, $"block mapping {parsed}: {problem}");
        return (new DepthMorphism(source, target, parsed), null);
    }

    /// <summary>Why no morphism exists (for the study catalog), or null.</summary>
    public static string? Check(string from, string to, string? mapping) => Between(from, to, mapping).Error;

    /// <summary>
    /// Each target key with the source key it is copied from and which copy it is (0 for the first target a source
    /// block maps to, 1, 2, … for later copies), over the models' state-dict keys.
    /// </summary>
    public IReadOnlyList<(string Target, string Source, int Copy)> Pairs()
    {
        var sourceKeys = KeysOf(_source.Name);
        var targetKeys = KeysOf(_target.Name).ToHashSet(StringComparer.Ordinal);
        var pairs = new List<(string, string, int)>();
        foreach (var key in sourceKeys)
        {
            if (_source.Block(key) is not { } block) { pairs.Add((_target.Retarget(key, null), key, 0)); continue; }
            var stage = block / _source.Blocks;
            var local = block % _source.Blocks;
            var copy = 0;
            foreach (var t in Mapping.Targets.GetValueOrDefault(local, Array.Empty<int>()))
                pairs.Add((_target.Retarget(key, stage * _target.Blocks + t), key, copy++));
        }
        var written = pairs.Select(p => p.Item1).ToList();
        var unknown = written.Where(k => !targetKeys.Contains(k)).ToList();
        if (unknown.Count > 0) throw new InvalidOperationException($"depth morphism {_source.Name} → {_target.Name} ({Mapping}) writes tensors the target lacks: {string.Join(", ", unknown.Take(5))}");
        var twice = written.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = targetKeys.Except(written).ToList();
        if (twice.Count > 0 || missing.Count > 0)
            throw new InvalidOperationException($"depth morphism {_source.Name} → {_target.Name} ({Mapping}) must write every target tensor once; twice: [{string.Join(", ", twice.Take(5))}], never: [{string.Join(", ", missing.Take(5))}]");
        return pairs;
    }

    /// <summary>
    /// The target's tensors from the source's: a full state (weights and buffers) or a mask (prunable weights only;
    /// keys absent from <paramref name="source"/> are skipped). <paramref name="transform"/> may change a later copy
    /// (ElasticLTH's <c>permute_copy</c> shuffles the mask of every copy after the first); it gets the copy number.
    /// </summary>
    public Dictionary<string, StoredTensor> Apply(IReadOnlyDictionary<string, StoredTensor> source, Func<StoredTensor, int, StoredTensor>? transform = null)
    {
        var result = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var (target, key, copy) in Pairs())
        {
            if (!source.TryGetValue(key, out var tensor)) continue;
            var copied = new StoredTensor((long[])tensor.Shape.Clone(), (Array)tensor.Data.Clone());
            result[target] = transform is null ? copied : transform(copied, copy);
        }
        return result;
    }

    private static IReadOnlyList<string> KeysOf(string model) => StateKeys.GetOrAdd(model, name =>
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var net = ModelRegistry.Create(name, 1, 28, 28, 10);   // keys do not depend on the input shape
        return net.state_dict().Keys.ToArray();
    });

    /// <summary>A model's place in a family: its kind, its blocks per stage, its hidden width (MLPs).</summary>
    private sealed record Family(string Name, string Kind, int Blocks, int? Width, int OutputLayer)
    {
        public static Family? Of(string model)
        {
            if (ResNet().Match(model) is { Success: true } r)
            {
                var depth = int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture);
                return depth >= 8 && (depth - 2) % 6 == 0 ? new Family(model, "resnet", (depth - 2) / 6, null, -1) : null;
            }
            if (LeNet().Match(model) is { Success: true } l)
            {
                var widths = l.Groups[1].Captures.Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)).ToArray();
                return widths.Distinct().Count() == 1 ? new Family(model, "lenet", widths.Length, widths[0], widths.Length) : null;
            }
            return null;
        }

        /// <summary>The block a key belongs to, or null for tensors copied as they are.</summary>
        public int? Block(string key)
        {
            var parts = key.Split('.');
            if (Kind == "resnet") return parts[0] == "blocks" ? int.Parse(parts[1], CultureInfo.InvariantCulture) : null;
            var layer = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return layer == OutputLayer ? null : layer;
        }

        /// <summary>The key with its block replaced (or, for a tensor outside the blocks, this family's name for it).</summary>
        public string Retarget(string key, int? block)
        {
            var parts = key.Split('.');
            if (block is { } b) parts[1] = b.ToString(CultureInfo.InvariantCulture);
            else if (Kind == "lenet") parts[1] = OutputLayer.ToString(CultureInfo.InvariantCulture);
            return string.Join('.', parts);
        }
    }

    [GeneratedRegex("^resnet-([1-9][0-9]{0,3})$")]
    private static partial Regex ResNet();

    [GeneratedRegex("^lenet(?:-([1-9][0-9]{0,4}))+$")]
    private static partial Regex LeNet();
}
