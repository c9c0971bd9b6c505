using Akka.Configuration;
using Akka.TestKit;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>An Akka TestKit whose actor system is created per test and shut down after it.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public abstract class NUnitTestKit : TestKitBase
{
    protected NUnitTestKit(Config config) : base(new NUnitAssertions(), config, "actorsweep") { }

    [TearDown]
    public void ShutdownActorSystem() => Shutdown();
}
