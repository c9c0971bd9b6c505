using System.Formats.Tar;
using System.IO.Compression;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>The study folder release 1 left behind after a SIGKILL (tests/Fixtures/Release1), unpacked into a temporary folder.</summary>
public static class Release1Fixture
{
    public static string Dir => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Release1");

    /// <summary>A fresh copy of the crashed <c>legacy</c> study folder.</summary>
    public static StudyLayout UnpackCrashedStudy()
    {
        var root = Directory.CreateTempSubdirectory("actorsweep-release1").FullName;
        using (var file = File.OpenRead(Path.Combine(Dir, "legacy-crash.tgz")))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, root, overwriteFiles: false);
        return new StudyLayout(Path.Combine(root, "legacy"));
    }

    /// <summary>The legacy study's graph, built by the current code from the folder's study file.</summary>
    public static TaskGraph Graph(StudyLayout layout) => TaskGraph.Build(new StudyLoader(StudyCatalog.Any).LoadFile(layout.StudyFile));
}
