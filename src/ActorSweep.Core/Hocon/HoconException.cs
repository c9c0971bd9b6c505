namespace ActorSweep.Core.Hocon;

/// <summary>A syntax error in a HOCON file, with the file, line and column.</summary>
public sealed class HoconException : Exception
{
    /// <summary>Creates the error; the message is prefixed with the position.</summary>
    public HoconException(HoconPosition position, string message) : base($"{position}: {message}") => Position = position;

    /// <summary>Where the error is.</summary>
    public HoconPosition Position { get; }
}
