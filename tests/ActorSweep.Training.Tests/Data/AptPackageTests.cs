using ActorSweep.Training.Data;

namespace ActorSweep.Training.Tests.Data;

/// <summary>
/// Fashion-MNIST's Debian package on a machine whose package lists are empty (a fresh machine): apt is pointed at an
/// empty lists folder of the test's own (<c>APT_CONFIG</c> with <c>Dir::State::Lists</c>), so the machine's lists are
/// never touched. As root the lists are refreshed once and the package arrives; otherwise the error says what to run.
/// </summary>
[NonParallelizable]
public class AptPackageTests
{
    [Test]
    public void Download_WithEmptyPackageLists_RefreshesThemOnce_ThenFetchesThePackage()
    {
        if (!File.Exists("/usr/bin/apt-get")) Assert.Ignore("not a Debian system (no apt-get)");
        var root = Directory.CreateTempSubdirectory("actorsweep-apt").FullName;
        var lists = Path.Combine(root, "lists");
        var cache = Path.Combine(root, "cache");
        Directory.CreateDirectory(Path.Combine(lists, "partial"));
        Directory.CreateDirectory(Path.Combine(cache, "archives", "partial"));
        var config = Path.Combine(root, "apt.conf");
        File.WriteAllText(config, $"Dir::State::Lists \"{lists}\";\nDir::Cache \"{cache}\";\n");
        var into = Directory.CreateTempSubdirectory("actorsweep-apt-into").FullName;
        var environment = new Dictionary<string, string> { ["APT_CONFIG"] = config };
        var machineLists = Directory.Exists("/var/lib/apt/lists") ? Directory.GetFiles("/var/lib/apt/lists").ToDictionary(f => f, File.GetLastWriteTimeUtc) : new();

        try { AptPackage.Download("dataset-fashion-mnist", into, "fetching Fashion-MNIST", environment); }
        catch (InvalidOperationException e) when (Environment.UserName != "root")
        {
            // Without root the refresh may be refused; then the one line says what to run.
            Assert.That(e.Message, Does.Contain("apt cannot locate package dataset-fashion-mnist").And.Contain("run 'sudo apt-get update' once, then retry"));
            Assert.That(e.Message.Split('\n'), Has.Length.EqualTo(1));
            return;
        }
        Assert.That(Directory.GetFiles(into, "dataset-fashion-mnist_*.deb"), Has.Length.EqualTo(1), "the package arrived after one refresh");
        Assert.That(Directory.GetFiles(lists).Any(f => f.Contains("Packages", StringComparison.Ordinal)), Is.True, "the test's own lists were refreshed");
        var now = Directory.Exists("/var/lib/apt/lists") ? Directory.GetFiles("/var/lib/apt/lists").ToDictionary(f => f, File.GetLastWriteTimeUtc) : new();
        Assert.That(now, Is.EqualTo(machineLists), "the machine's own package lists were not touched");
    }
}
