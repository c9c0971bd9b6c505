namespace ActorSweep.Core.Hocon;

/// <summary>An unresolved <c>${path}</c> (or optional <c>${?path}</c>); only exists while parsing.</summary>
internal sealed record HoconSubstitution(HoconPosition Position, string Path, bool Optional) : HoconNode(Position)
{
    public override string KindName => "a substitution";
}
