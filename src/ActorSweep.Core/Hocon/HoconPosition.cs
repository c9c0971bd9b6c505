namespace ActorSweep.Core.Hocon;

/// <summary>Where a value was written, so every error can name the file and line.</summary>
public sealed record HoconPosition(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
