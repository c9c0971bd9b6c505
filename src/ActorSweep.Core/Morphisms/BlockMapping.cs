using System.Globalization;
using System.Text;

namespace ActorSweep.Core.Morphisms;

/// <summary>
/// Elastic LTH's block mapping for one stage, <c>source:target,target;…</c> (VITA-Group/ElasticLTH,
/// <c>parse_block_mapping_for_stage</c>): source block <c>s</c> of a stage is copied to each listed target
/// block of the same stage. The same mapping applies to every stage of the family (the three stages of a
/// CIFAR ResNet; the single stack of hidden layers of an MLP). Source blocks not named are dropped.
/// </summary>
public sealed class BlockMapping
{
    private readonly SortedDictionary<int, IReadOnlyList<int>> _targets;

    private BlockMapping(SortedDictionary<int, IReadOnlyList<int>> targets) => _targets = targets;

    /// <summary>Source block → the target blocks it is copied to, in source order.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<int>> Targets => _targets;

    /// <summary>A mapping from pairs (source, targets).</summary>
    public static BlockMapping Of(IEnumerable<(int Source, IReadOnlyList<int> Targets)> pairs)
    {
        var map = new SortedDictionary<int, IReadOnlyList<int>>();
        foreach (var (source, targets) in pairs) map[source] = targets.ToArray();
        return new BlockMapping(map);
    }

    /// <summary>Parses <paramref name="text"/>; the error says what is wrong and what was expected.</summary>
    public static (BlockMapping? Mapping, string? Error) Parse(string text)
    {
        const string expected = "expected source:target,target;… with block numbers, e.g. 0:0;1:1,2";
        var map = new SortedDictionary<int, IReadOnlyList<int>>();
        var seenTargets = new HashSet<int>();
        foreach (var part in text.Split(';'))
        {
            var sides = part.Split(':');
            if (sides.Length != 2 || !TryBlock(sides[0], out var source)) return (null, $"\"{part.Trim()}\" is not source:targets; {expected}");
            if (map.ContainsKey(source)) return (null, $"source block {source} is mapped twice; {expected}");
            var targets = new List<int>();
            foreach (var t in sides[1].Split(','))
            {
                if (!TryBlock(t, out var target)) return (null, $"\"{t.Trim()}\" in \"{part.Trim()}\" is not a block number; {expected}");
                if (!seenTargets.Add(target)) return (null, $"target block {target} is written twice; every target block comes from exactly one source block");
                targets.Add(target);
            }
            map[source] = targets;
        }
        return (new BlockMapping(map), null);
    }

    /// <summary>
    /// The default mapping from <paramref name="sourceBlocks"/> to <paramref name="targetBlocks"/> blocks per stage:
    /// block 0 (the stage's down-sampling block) to block 0; stretching copies each later block c = (m−1)/(n−1)
    /// times in a row (ResNet-14 → ResNet-20: <c>0:0;1:1,2</c>); squeezing keeps every s = (n−1)/(m−1)-th
    /// later block (ResNet-20 → ResNet-14: <c>0:0;2:1</c>; to one block: <c>0:0</c>). Depths whose ratio is not
    /// whole have no default (the error says so).
    /// </summary>
    public static (BlockMapping? Mapping, string? Error) Default(int sourceBlocks, int targetBlocks)
    {
        if (sourceBlocks < 1 || targetBlocks < 1) return (null, "a stage has at least one block");
        var pairs = new List<(int, IReadOnlyList<int>)> { (0, new[] { 0 }) };
        if (targetBlocks == sourceBlocks)
            for (var b = 1; b < sourceBlocks; b++) pairs.Add((b, new[] { b }));
        else if (targetBlocks > sourceBlocks)
        {
            if (sourceBlocks == 1 || (targetBlocks - 1) % (sourceBlocks - 1) != 0)
                return (null, $"no default stretch from {sourceBlocks} to {targetBlocks} blocks per stage (each later block is copied (m−1)/(n−1) times, which must be whole)");
            var copies = (targetBlocks - 1) / (sourceBlocks - 1);
            for (var b = 1; b < sourceBlocks; b++) pairs.Add((b, Enumerable.Range(copies * (b - 1) + 1, copies).ToArray()));
        }
        else if (targetBlocks > 1)
        {
            if ((sourceBlocks - 1) % (targetBlocks - 1) != 0)
                return (null, $"no default squeeze from {sourceBlocks} to {targetBlocks} blocks per stage (every (n−1)/(m−1)-th block is kept, which must be whole)");
            var stride = (sourceBlocks - 1) / (targetBlocks - 1);
            for (var t = 1; t < targetBlocks; t++) pairs.Add((t * stride, new[] { t }));
        }
        return (Of(pairs), null);
    }

    /// <summary>
    /// Why this mapping cannot map a stage of <paramref name="sourceBlocks"/> blocks onto one of
    /// <paramref name="targetBlocks"/>, or null: block numbers in range, block 0 to block 0 only (its shapes
    /// differ from the later blocks'), and every target block written.
    /// </summary>
    public string? CheckFor(int sourceBlocks, int targetBlocks)
    {
        foreach (var (source, targets) in _targets)
        {
            if (source >= sourceBlocks) return $"source block {source} does not exist (the source has blocks 0–{sourceBlocks - 1} per stage)";
            foreach (var t in targets)
                if (t >= targetBlocks) return $"target block {t} does not exist (the target has blocks 0–{targetBlocks - 1} per stage)";
        }
        if (!_targets.TryGetValue(0, out var first) || first.Count != 1 || first[0] != 0)
            return "block 0 of each stage (the down-sampling block) must map to block 0 and only there (0:0)";
        if (_targets.Any(p => p.Key != 0 && p.Value.Contains(0))) return "only source block 0 may map to target block 0";
        var missing = Enumerable.Range(0, targetBlocks).Except(_targets.Values.SelectMany(t => t)).ToList();
        return missing.Count > 0 ? $"target block(s) {string.Join(", ", missing)} of each stage would not be written; every target block needs a source" : null;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (source, targets) in _targets)
        {
            if (text.Length > 0) text.Append(';');
            text.Append(source.ToString(CultureInfo.InvariantCulture)).Append(':').Append(string.Join(',', targets.Select(t => t.ToString(CultureInfo.InvariantCulture))));
        }
        return text.ToString();
    }

    private static bool TryBlock(string text, out int block) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out block) && block < 10_000;
}
