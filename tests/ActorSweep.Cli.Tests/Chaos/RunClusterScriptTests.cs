using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorSweep.Cli.Tests.Support;
using ActorSweep.Core.Layout;
using ActorSweep.Results.Parquet;

namespace ActorSweep.Cli.Tests.Chaos;

/// <summary>
/// <c>run-cluster.sh --hosts</c> for real, with <c>ssh</c> replaced by a script that runs the remote
/// command here: the coordinator binds to 127.0.0.2, two "hosts" start workers with
/// <c>--worker … --host auto</c>, the study finishes with one row per task and every process ends.
/// A bad hosts file is an error that starts nothing.
/// </summary>
[NonParallelizable]
[Category("Chaos")]
public class RunClusterScriptTests
{
    private readonly List<string> _dirs = new();

    /// <summary>
    /// Each test's folder is its workers' HOME, so it holds a NuGet cache the script's build restored (about 1.8 GB):
    /// removed after the test, or a few CI runs fill the disk.
    /// </summary>
    [TearDown]
    public void RemoveFolders()
    {
        foreach (var dir in _dirs)
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        _dirs.Clear();
    }

    private string NewFolder()
    {
        var dir = Directory.CreateTempSubdirectory("actorsweep-script").FullName;
        _dirs.Add(dir);
        return dir;
    }

    private static (int Code, string Output) RunScript(string dir, string hosts, int port, TimeSpan timeout)
    {
        var fakeSsh = Path.Combine(dir, "fake-ssh");
        File.WriteAllText(fakeSsh, "#!/usr/bin/env bash\n# drops ssh's options and target, runs the remote command here\nwhile [[ \"$1\" == -o ]]; do shift 2; done\nshift\nexec bash -c \"$1\"\n");
        if (OperatingSystem.IsWindows()) Assert.Ignore("run-cluster.sh is a bash script for Linux hosts");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fakeSsh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var hostsFile = Path.Combine(dir, "hosts.txt");
        File.WriteAllText(hostsFile, hosts);
        var study = Path.Combine(dir, "script.hocon");
        File.WriteAllText(study, """
            name = script
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2]
            training { iterations = 100, eval-every = 50, batch-size = 32, validation-size = 200 }
            methods = [ { name = imp, rounds = 2 } ]
            """);
        return ScriptProcess.Run("bash", new[] { "run-cluster.sh", "--hosts", hostsFile, "--host", "127.0.0.2", study, "--plain" }, ScriptProcess.RepoRoot(),
            new Dictionary<string, string>
            {
                ["ACTORSWEEP_SSH"] = fakeSsh,
                ["ACTORSWEEP_OUT"] = Path.Combine(dir, "out"),
                ["ACTORSWEEP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["HOME"] = dir,   // the workers' default artifact cache goes here, not into the user's home
            }, timeout);
    }


    [Test]
    public void Hosts_StartsOneWorkerPerHostOverSsh_AndTheStudyFinishes()
    {
        var dir = NewFolder();
        var (code, output) = RunScript(dir, "# two hosts\nalice@node-a slots=1\nbob@node-b slots=1   # the second\n", CliProcesses.FreePort(), TimeSpan.FromMinutes(8));
        TestContext.Progress.WriteLine(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("[alice@node-a] worker akka.tcp://actorsweep@127.0.0.1:"));
        Assert.That(output, Does.Contain("[bob@node-b] worker akka.tcp://actorsweep@127.0.0.1:"));
        Assert.That(output, Does.Contain("finished: 6/6 done"));
        var layout = StudyLayout.For(Path.Combine(dir, "out"), "script");
        Assert.That(ParquetResultStore.ReadTaskIds(layout), Has.Count.EqualTo(6));
        Assert.That(Directory.GetDirectories(Path.Combine(dir, ".cache", "actorsweep", "blobs")).Length + Directory.GetFiles(Path.Combine(dir, ".cache", "actorsweep", "blobs")).Length,
            Is.GreaterThan(0), "the workers fetched and kept artifacts in their own cache");
    }

    [Test]
    public void Hosts_WithAnUnknownSetting_IsAnErrorNamingFileLineAndSetting_AndStartsNothing()
    {
        var dir = NewFolder();
        var (code, output) = RunScript(dir, "alice@node-a slots=1\ncarol@node-c cores=4\n", CliProcesses.FreePort(), TimeSpan.FromMinutes(5));
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain($"{Path.Combine(dir, "hosts.txt")}:2: host 'carol@node-c': unknown setting 'cores=4'"));
        Assert.That(Directory.Exists(Path.Combine(dir, "out")), Is.False, "nothing was started or written");
    }
}
