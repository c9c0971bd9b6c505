namespace ActorSweep.Cli.Console;

/// <summary>Process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The study ran to the end but some tasks failed or were skipped.</summary>
    public const int TasksFailed = 1;

    /// <summary>Bad input: usage, study file, configuration, or an output folder that must not be touched.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted (Ctrl-C) before the study finished; results written so far are intact.</summary>
    public const int Interrupted = 130;
}
