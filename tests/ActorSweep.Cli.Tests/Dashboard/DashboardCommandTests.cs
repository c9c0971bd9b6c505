using System.Net;
using System.Net.Sockets;
using ActorSweep.Cli.Console;
using ActorSweep.Cli.Tests.Support;

namespace ActorSweep.Cli.Tests.Dashboard;

/// <summary>Bad input to <c>dashboard</c> and <c>--dashboard</c>: exit 2, one line naming the option or folder, nothing written.</summary>
public class DashboardCommandTests
{
    private string _dir = "";
    private string _study = "";

    [SetUp]
    public void AStudyFile()
    {
        _dir = Directory.CreateTempSubdirectory("actorsweep-dashboard-cmd").FullName;
        _study = Path.Combine(_dir, "tiny.hocon");
        File.WriteAllText(_study, """
            name = tiny
            dataset = synthetic
            model = lenet-16-8
            seeds = [1]
            training { iterations = 100, eval-every = 50, batch-size = 32, validation-size = 200 }
            methods = [ { name = imp, rounds = 1 } ]
            """);
    }

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task ABadDashboardValue_IsExit2_NamingTheOption_AndNothingIsWritten()
    {
        var (code, _, errors) = await InProcessCli.RunAsync("run", _study, "--out", Path.Combine(_dir, "out"), "--dashboard", "abc");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--dashboard: 'abc' is not a port (expected a whole number from 0 to 65535)"));
        Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False);
    }

    [Test]
    public async Task ADashboardPortInUse_IsExit2_BeforeTheStudyFolderIsWritten()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var (code, _, errors) = await InProcessCli.RunAsync("run", _study, "--out", Path.Combine(_dir, "out"), "--slots", "1", "--dashboard", $"127.0.0.1:{port}");
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(errors, Does.Contain($"--dashboard: cannot listen on 127.0.0.1:{port}"));
            Assert.That(Directory.Exists(Path.Combine(_dir, "out", "tiny")), Is.False, "nothing written");
        }
        finally { taken.Stop(); }
    }

    [Test]
    public async Task DashboardOfAFolderThatIsNoStudy_IsExit2_NamingIt()
    {
        var (code, _, errors) = await InProcessCli.RunAsync("dashboard", _dir);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain($"{_dir}: not a study folder (no study.hocon)"));
    }

    [Test]
    public async Task DashboardWithAHostThatIsNoAddress_IsExit2()
    {
        var (code, _, errors) = await InProcessCli.RunAsync("dashboard", _dir, "--host", "example.org");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--host: 'example.org' is not an IP address"));
    }
}
