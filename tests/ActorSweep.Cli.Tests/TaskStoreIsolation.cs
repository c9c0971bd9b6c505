namespace ActorSweep.Cli.Tests;

/// <summary>
/// Every study these tests run must train what it is meant to train: the user's task store (<c>~/.cache/actorsweep/store</c>)
/// is turned off for this process and the CLI processes it starts. Tests of the store pass <c>--store DIR</c> of their own.
/// </summary>
[SetUpFixture]
public class TaskStoreIsolation
{
    [OneTimeSetUp]
    public void TurnTheUsersStoreOff() => Environment.SetEnvironmentVariable("ACTORSWEEP_STORE", "off");

    /// <summary>Stops the PostgreSQL server the failover tests started, if they did.</summary>
    [OneTimeTearDown]
    public void StopPostgres() => ActorSweep.Cluster.Tests.Support.PostgresServer.StopIfStarted();
}
