using ActorSweep.Cluster.Tests.Support;

namespace ActorSweep.Cluster.Tests;

/// <summary>Stops what the tests started once every test of the assembly has run (the PostgreSQL server).</summary>
[SetUpFixture]
public sealed class AssemblyTeardown
{
    [OneTimeTearDown]
    public void Stop() => PostgresServer.StopIfStarted();
}
