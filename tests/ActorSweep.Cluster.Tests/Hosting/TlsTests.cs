using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Cluster.Tests.Support;
using ActorSweep.Core.Coordination;

namespace ActorSweep.Cluster.Tests.Hosting;

/// <summary>
/// TLS for remoting on loopback with a self-signed certificate (hocon/tls.conf): nodes holding the
/// cluster certificate form a cluster and finish a study; the remoting port speaks TLS and presents
/// that certificate; a node with another certificate cannot join.
/// </summary>
[NonParallelizable]
public class TlsTests
{
    private static (string Path, string Password, X509Certificate2 Certificate) SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2") }, false));   // server and client auth
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var password = Guid.NewGuid().ToString("N");
        var path = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-tls").FullName, $"{name}.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12, password));
        return (path, password, X509CertificateLoader.LoadPkcs12FromFile(path, password));
    }

    private static string TlsConfig(string pfx, string password, string joinTimeout = "60s")
    {
        var path = Path.Combine(Path.GetDirectoryName(pfx)!, $"tls-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, $$"""
            actorsweep.join-timeout = {{joinTimeout}}
            actorsweep.tls { enabled = on, certificate = "{{pfx}}", password = "{{password}}" }
            """);
        return path;
    }

    [Test]
    public async Task NodesWithTheClusterCertificate_RunAStudyOverTls_AndTheRemotingPortPresentsThatCertificate()
    {
        var (pfx, password, certificate) = SelfSigned("actorsweep-cluster");
        var config = TlsConfig(pfx, password);
        var graph = Studies.Imp(seeds: 2, rounds: 2, name: "tls");
        var store = new InMemoryResultStore();
        await using var coordinator = SweepNode.Start(new NodeOptions(ConfigFile: config), new CoordinatorRole(graph, store), null, TimeProvider.System);
        Assert.That(coordinator.Address, Does.StartWith("akka.ssl.tcp://actorsweep@127.0.0.1:"));
        await using var worker = SweepNode.Start(new NodeOptions(Seeds: new[] { coordinator.Address }, ConfigFile: config), null,
            new WorkerRole(_ => new FakeRunner(), new[] { "cpu", "cpu" }), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var status = await coordinator.WaitUntilDoneAsync(timeout.Token);
        Assert.That(status.Counts[TaskPhase.Completed], Is.EqualTo(graph.Tasks.Count));
        Assert.That(store.Records.Select(r => r.Node).Distinct(), Is.EqualTo(new[] { worker.Address }), "the tasks ran on the TLS worker");

        // A raw TLS handshake against the coordinator's port: it speaks TLS and presents the cluster certificate.
        var port = int.Parse(coordinator.Address.Split(':').Last());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        X509Certificate? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "actorsweep-cluster",
            ClientCertificates = new X509CertificateCollection { certificate },
            RemoteCertificateValidationCallback = (_, cert, _, _) => { presented = cert; return true; },
        });
        Assert.That(tls.IsAuthenticated && tls.IsEncrypted, Is.True);
        Assert.That(presented!.GetCertHashString(), Is.EqualTo(certificate.Thumbprint));
    }

    [Test]
    public async Task ANodeWithAnotherCertificate_CannotJoin()
    {
        var (pfx, password, _) = SelfSigned("actorsweep-cluster");
        var (otherPfx, otherPassword, _) = SelfSigned("intruder");
        var graph = Studies.Imp(seeds: 1, rounds: 1, name: "tls2");
        await using var coordinator = SweepNode.Start(new NodeOptions(ConfigFile: TlsConfig(pfx, password)), new CoordinatorRole(graph, new InMemoryResultStore()), null, TimeProvider.System);
        var intruder = new FakeRunner();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refused = Assert.Throws<ClusterJoinException>(() => SweepNode.Start(new NodeOptions(Seeds: new[] { coordinator.Address }, ConfigFile: TlsConfig(otherPfx, otherPassword, "30s")),
            null, new WorkerRole(_ => intruder, new[] { "cpu" }), TimeProvider.System))!;
        Assert.That(refused.Message, Does.Contain("presents certificate").And.Contain("which this node does not pin").And.Contain("CN=actorsweep-cluster"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "known at once, not after the join timeout");
        Assert.That(intruder.Calls, Is.Zero);
        var status = await coordinator.StatusAsync(TimeSpan.FromSeconds(5));
        Assert.That(status.Counts.GetValueOrDefault(TaskPhase.Completed), Is.Zero, "nothing ran on the intruder");
        Assert.That(Akka.Cluster.Cluster.Get(coordinator.System).State.Members, Has.Count.EqualTo(1));
    }

    [Test]
    public void TlsOn_WithoutACertificate_IsAConfigurationErrorNamingTheKey()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-tls").FullName, "bad.conf");
        File.WriteAllText(path, "actorsweep.tls.enabled = on\n");
        var e = Assert.Throws<TlsConfigurationException>(() => SweepNode.Start(new NodeOptions(ConfigFile: path), null, null, TimeProvider.System))!;
        Assert.That(e.Message, Is.EqualTo($"{path}: actorsweep.tls.certificate: expected the path of a PKCS#12 (.pfx) file when tls.enabled = on, got nothing"));
    }

    [Test]
    public async Task ANodeWhoseCertificateTheCoordinatorDoesNotPin_IsToldSoAtOnce()
    {
        var (pfx, password, certificate) = SelfSigned("actorsweep-cluster");
        var (otherPfx, otherPassword, _) = SelfSigned("newcomer");
        var graph = Studies.Imp(seeds: 1, rounds: 1, name: "tls3");
        await using var coordinator = SweepNode.Start(new NodeOptions(ConfigFile: TlsConfig(pfx, password)), new CoordinatorRole(graph, new InMemoryResultStore()), null, TimeProvider.System);
        // The newcomer pins the cluster's certificate, but the coordinator does not pin the newcomer's.
        var config = Path.Combine(Path.GetDirectoryName(otherPfx)!, "pins.conf");
        File.WriteAllText(config, $$"""actorsweep.tls { enabled = on, certificate = "{{otherPfx}}", password = "{{otherPassword}}", pinned-thumbprints = ["{{certificate.Thumbprint}}"] }""");
        var refused = Assert.Throws<ClusterJoinException>(() => SweepNode.Start(new NodeOptions(Seeds: new[] { coordinator.Address }, ConfigFile: config),
            null, new WorkerRole(_ => new FakeRunner(), new[] { "cpu" }), TimeProvider.System))!;
        Assert.That(refused.Message, Does.Contain("refused this node's certificate").And.Contain("CN=newcomer"));
    }

    [Test]
    public async Task TlsOnOneSideOnly_IsToldSoAtOnce_EitherWay()
    {
        var (pfx, password, _) = SelfSigned("actorsweep-cluster");
        var tls = TlsConfig(pfx, password);
        var graph = Studies.Imp(seeds: 1, rounds: 1, name: "tls4");
        await using (var tlsCoordinator = SweepNode.Start(new NodeOptions(ConfigFile: tls), new CoordinatorRole(graph, new InMemoryResultStore()), null, TimeProvider.System))
        {
            var plainSeed = tlsCoordinator.Address.Replace("akka.ssl.tcp://", "akka.tcp://");
            var e = Assert.Throws<ClusterJoinException>(() => SweepNode.Start(new NodeOptions(Seeds: new[] { plainSeed }), null, new WorkerRole(_ => new FakeRunner(), new[] { "cpu" }), TimeProvider.System))!;
            Assert.That(e.Message, Does.Contain("uses TLS (akka.ssl.tcp), but this node does not"));
        }
        await using var plainCoordinator = SweepNode.Start(new NodeOptions(), new CoordinatorRole(graph, new InMemoryResultStore()), null, TimeProvider.System);
        var tlsSeed = plainCoordinator.Address.Replace("akka.tcp://", "akka.ssl.tcp://");
        var f = Assert.Throws<ClusterJoinException>(() => SweepNode.Start(new NodeOptions(Seeds: new[] { tlsSeed }, ConfigFile: tls), null, new WorkerRole(_ => new FakeRunner(), new[] { "cpu" }), TimeProvider.System))!;
        Assert.That(f.Message, Does.Contain("does not use TLS, but this node does"));
    }

    [Test]
    public void ASeedWhereNothingListens_IsReportedAtOnce_AndAgainWhenTheJoinTimeoutEnds()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = Path.Combine(Directory.CreateTempSubdirectory("actorsweep-join").FullName, "join.conf");
        File.WriteAllText(config, "actorsweep.join-timeout = 3s\n");
        var told = new List<string>();
        var e = Assert.Throws<ClusterJoinException>(() => SweepNode.Start(new NodeOptions(Seeds: new[] { $"akka.tcp://actorsweep@127.0.0.1:{port}" }, ConfigFile: config) { JoinProblem = told.Add },
            null, new WorkerRole(_ => new FakeRunner(), new[] { "cpu" }), TimeProvider.System))!;
        Assert.That(told, Has.Count.EqualTo(1));
        Assert.That(told[0], Does.StartWith($"nothing listens at 127.0.0.1:{port}").And.Contain("trying to join for up to 3 s"));
        Assert.That(e.Message, Does.Contain("within 3 s (actorsweep.join-timeout): nothing listens at"));
    }
}
