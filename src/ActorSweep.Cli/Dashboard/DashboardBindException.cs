namespace ActorSweep.Cli.Dashboard;

/// <summary>The dashboard's address could not be bound (in use, not this machine's): a usage error, exit 2.</summary>
public sealed class DashboardBindException(string message, Exception inner) : Exception(message, inner);
