namespace ActorSweep.Core.Hocon;

/// <summary>A HOCON object; keys keep the order in which they were first written.</summary>
public sealed record HoconObject(HoconPosition Position, IReadOnlyList<KeyValuePair<string, HoconNode>> Fields) : HoconNode(Position)
{
    /// <inheritdoc />
    public override string KindName => "an object";

    /// <summary>The field's value, or null.</summary>
    public HoconNode? Get(string key)
    {
        foreach (var (k, v) in Fields) if (k == key) return v;
        return null;
    }

    /// <summary>The field names, in order.</summary>
    public IEnumerable<string> Keys => Fields.Select(f => f.Key);
}
