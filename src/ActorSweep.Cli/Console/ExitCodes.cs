namespace ActorSweep.Cli.Console;

/// <summary>Process exit codes, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The study ran to the end but some tasks failed or were skipped; or its coordinator stopped (journal failure) — resume continues it.</summary>
    public const int TasksFailed = 1;

    /// <summary>Bad input: usage, study file, configuration, a device the node cannot use, a study another coordinator runs, or an output folder that must not be touched.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// A worker whose slot hung (the coordinator's progress watchdog) and was taken out of service: the process exits once its
    /// other slots are idle so that its launcher restarts it (run-cluster.sh and the Slurm job script do).
    /// </summary>
    public const int NodeOutOfService = 3;

    /// <summary>Interrupted by SIGINT (Ctrl-C) before the study finished; results written so far are intact.</summary>
    public const int Interrupted = 130;

    /// <summary>Terminated by SIGTERM before the study finished; results written so far are intact.</summary>
    public const int Terminated = 143;
}
