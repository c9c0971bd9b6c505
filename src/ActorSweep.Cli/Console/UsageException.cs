namespace ActorSweep.Cli.Console;

/// <summary>Wrong command-line usage found after parsing (a bad combination, an unusable device): one line, exit code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the error.</summary>
    public UsageException(string message) : base(message) { }
}
