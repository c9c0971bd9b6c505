using System.Text.RegularExpressions;
using ActorSweep.Core.Methods;

namespace ActorSweep.Training.Tests.Runner;

/// <summary>
/// The runner and the training loop are the common frame: no file of theirs names a method or a branch, so a
/// new method never means editing them. (A method's trainer and the shared lineage mechanisms may.)
/// </summary>
public class ArchitectureTests
{
    private static string Source()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorSweep.sln"))) return Path.Combine(dir.FullName, "src", "ActorSweep.Training");
        throw new InvalidOperationException("ActorSweep.sln not found above the test directory");
    }

    [TestCase("Runner")]
    [TestCase("Training")]
    public void CommonFrame_NamesNoMethodAndNoBranch(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(Source(), folder), "*.cs");
        Assert.That(files, Is.Not.Empty);
        var methodNames = string.Join("|", MethodRegistry.Default.Names.Select(Regex.Escape));
        var forbidden = new Regex($@"\bBranches\.|ActorSweep\.Core\.Methods\.[A-Z]|ActorSweep\.Training\.Methods\.[A-Z]|""({methodNames})""");
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var hit = forbidden.Match(text);
            Assert.That(hit.Success, Is.False, $"{Path.GetFileName(file)} names '{hit.Value}'");
        }
    }
}
