namespace ActorSweep.Cli.Console;

/// <summary>Wrong command-line usage: printed with the usage text, exit code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the error.</summary>
    public UsageException(string message) : base(message) { }
}
