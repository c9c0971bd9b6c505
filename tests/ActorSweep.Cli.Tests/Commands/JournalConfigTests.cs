using ActorSweep.Cli.Tests.Support;
using System.Net;
using System.Net.Sockets;
using ActorSweep.Cli.Commands;
using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Tests.Commands;

/// <summary>A wrong journal configuration is one clear error naming the file and the key, and starts nothing.</summary>
public class JournalConfigTests
{
    private static (string Study, string Out, string Config) Setup(string config)
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-journalcfg").FullName;
        var study = Path.Combine(dir, "study.hocon");
        File.WriteAllText(study, "name = j\ndataset = synthetic\nmodel = lenet-8\nseeds = [1]\ntraining.iterations = 10\nmethods = [ { name = dense } ]\n");
        var conf = Path.Combine(dir, "journal.conf");
        File.WriteAllText(conf, config);
        return (study, Path.Combine(dir, "out"), conf);
    }

    private static (int Code, string Errors) Run(string study, string outDir, string config)
    {
        var (code, _, errors) = InProcessCli.Run("run", study, "--out", outDir, "--config", config, "--plain", "--slots", "1");
        return (code, errors);
    }

    [Test]
    public void Run_PostgreSqlWithoutAConnectionString_NamesTheFileAndKey()
    {
        var (study, outDir, conf) = Setup("actorsweep.journal.provider = postgresql\n");
        var (code, errors) = Run(study, outDir, conf);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain($"{conf}: actorsweep.journal.postgresql.connection-string: expected an Npgsql connection string"));
        Assert.That(Directory.Exists(Path.Combine(outDir, "j", "trials")) && Directory.EnumerateFiles(Path.Combine(outDir, "j", "trials")).Any(), Is.False);
    }

    [Test]
    public void Run_UnknownJournalProvider_NamesTheKnownOnes()
    {
        var (study, outDir, conf) = Setup("actorsweep.journal.provider = mongodb\n");
        var (code, errors) = Run(study, outDir, conf);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain($"{conf}: actorsweep.journal.provider: expected sqlite or postgresql, got 'mongodb'"));
    }

    [Test]
    public void Run_PostgreSqlServerNotListening_IsAClearErrorNotAHang()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        var (study, outDir, conf) = Setup($"actorsweep.journal {{ provider = postgresql, postgresql.connection-string = \"Host=127.0.0.1;Port={port};Username=x;Database=x;Timeout=5\" }}\n");
        var (code, errors) = Run(study, outDir, conf);
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("actorsweep.journal.postgresql: cannot use the journal at PostgreSQL 127.0.0.1:" + port));
    }
}
