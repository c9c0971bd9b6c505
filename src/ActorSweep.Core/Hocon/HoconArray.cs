namespace ActorSweep.Core.Hocon;

/// <summary>A HOCON list.</summary>
public sealed record HoconArray(HoconPosition Position, IReadOnlyList<HoconNode> Items) : HoconNode(Position)
{
    /// <inheritdoc />
    public override string KindName => "a list";
}
