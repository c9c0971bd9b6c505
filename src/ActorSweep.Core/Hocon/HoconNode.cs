namespace ActorSweep.Core.Hocon;

/// <summary>A parsed HOCON value with the position it was written at.</summary>
public abstract record HoconNode(HoconPosition Position)
{
    /// <summary>A short name of the node's kind for error messages ("an object", "a list", "a string").</summary>
    public abstract string KindName { get; }
}
