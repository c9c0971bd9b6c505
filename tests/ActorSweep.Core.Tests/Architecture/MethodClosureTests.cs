using ActorSweep.Core.Methods;
using System.Text.RegularExpressions;

namespace ActorSweep.Core.Tests.Architecture;

/// <summary>
/// A method is its folders and nothing else: shared code (everything outside <c>src/*/Methods/&lt;Name&gt;/</c>) never
/// names a method's namespace or a type declared in a method folder, and a method folder never names another method's.
/// Only the two registries (<c>MethodRegistry</c>, <c>TrainerRegistry</c>) list every method. What two methods share is a
/// mechanism below them (<c>Core/Sparsity</c>, <c>Core/Morphisms</c>, <c>Training/Pruning</c> …).
/// </summary>
/// <remarks>
/// Read from the source tree, comments removed: a <c>using</c> of a method namespace, a qualified name
/// (<c>ActorSweep.Core.Methods.Snfs.SnfsOptions</c>, <c>Methods.Snfs.X</c>, or <c>Snfs.X</c> inside the methods'
/// namespace), or the simple name of a type only a method folder declares each count as an import.
/// </remarks>
public class MethodClosureTests
{
    /// <summary>The repository's root (the folder of ActorSweep.sln).</summary>
    internal static readonly string Root = FindRoot();

    private static readonly string[] Registries = { "src/ActorSweep.Core/Methods/MethodRegistry.cs", "src/ActorSweep.Training/Methods/TrainerRegistry.cs" };

    [Test]
    public void SharedCode_ImportsNoMethod_AndNoMethodImportsAnother()
    {
        var files = SourceFiles().ToList();
        Assert.That(files.Select(f => f.Method).OfType<string>().Distinct().Count(), Is.GreaterThanOrEqualTo(18), "the method folders were found");
        Assert.That(Violations(files), Is.Empty);
    }

    [Test]
    public void TheRule_CatchesEachKindOfImport()
    {
        var files = new[]
        {
            File("src/ActorSweep.Core/Methods/Snfs/SnfsOptions.cs", "namespace ActorSweep.Core.Methods.Snfs; public sealed record SnfsOptions(int A);"),
            File("src/ActorSweep.Core/Methods/Soup/SoupOptions.cs", "namespace ActorSweep.Core.Methods.Soup; public static class SoupBranches { }"),
            File("src/ActorSweep.Core/Methods/Lmc/LmcOptions.cs", "namespace ActorSweep.Core.Methods.Lmc; class L { object o = typeof(SoupBranches); object p = Snfs.SnfsOptions.A; }"),
            File("src/ActorSweep.Training/Pruning/Shared.cs", "using ActorSweep.Core.Methods.Snfs;\nnamespace ActorSweep.Training.Pruning; // SoupBranches in a comment is no import\nclass S { }"),
            File("src/ActorSweep.Core/Methods/MethodRegistry.cs", "namespace ActorSweep.Core.Methods; class R { object o = new Snfs.SnfsOptions(1); }"),
        };
        Assert.That(Violations(files), Is.EquivalentTo(new[]
        {
            "src/ActorSweep.Core/Methods/Lmc/LmcOptions.cs (method Lmc) names method Snfs through namespace Snfs",
            "src/ActorSweep.Core/Methods/Lmc/LmcOptions.cs (method Lmc) names method Soup through SoupBranches",
            "src/ActorSweep.Core/Methods/Lmc/LmcOptions.cs (method Lmc) names method Snfs through SnfsOptions",
            "src/ActorSweep.Training/Pruning/Shared.cs (shared) names method Snfs through namespace Snfs",
        }));
    }

    /// <summary>Every import the rule forbids among <paramref name="files"/>, one line each.</summary>
    private static List<string> Violations(IReadOnlyList<SourceFile> files)
    {
        var methods = files.Select(f => f.Method).OfType<string>().Distinct().ToHashSet(StringComparer.Ordinal);

        // Type names declared in method folders (and not also declared in shared code, where a simple name is ambiguous).
        var declared = new Regex(@"\b(?:class|record|struct|enum|interface)\s+(?:struct\s+)?([A-Z]\w*)");
        var sharedTypes = files.Where(f => f.Method is null).SelectMany(f => declared.Matches(f.Code).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var ownerOf = files.Where(f => f.Method is not null)
            .SelectMany(f => declared.Matches(f.Code).Select(m => (Type: m.Groups[1].Value, Method: f.Method!)))
            .Where(x => !sharedTypes.Contains(x.Type))
            .GroupBy(x => x.Type).Where(g => g.Select(x => x.Method).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Method, StringComparer.Ordinal);
        var typeReference = new Regex(@"\b(" + string.Join("|", ownerOf.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + @")\b");
        var qualified = new Regex(@"\bActorSweep\.(?:Core|Training)\.Methods\.([A-Z]\w*)|\bMethods\.([A-Z]\w*)\.");
        var relative = new Regex(@"(?<![\w.])(" + string.Join("|", methods.Select(Regex.Escape)) + @")\.[A-Z]");

        var violations = new List<string>();
        foreach (var file in files.Where(f => !Registries.Contains(f.Path)))
        {
            var named = qualified.Matches(file.Code).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Where(methods.Contains)
                .Concat(file.InMethodsNamespace ? relative.Matches(file.Code).Select(m => m.Groups[1].Value) : Enumerable.Empty<string>())
                .Select(m => (Method: m, Through: "namespace " + m))
                .Concat(typeReference.Matches(file.Code).Select(m => (Method: ownerOf[m.Groups[1].Value], Through: m.Groups[1].Value)));
            foreach (var (method, through) in named.Distinct())
                if (method != file.Method)
                    violations.Add($"{file.Path} ({(file.Method is null ? "shared" : "method " + file.Method)}) names method {method} through {through}");
        }
        return violations;
    }

    private sealed record SourceFile(string Path, string? Method, bool InMethodsNamespace, string Code);

    private static IEnumerable<SourceFile> SourceFiles()
    {
        foreach (var full in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(Root, full).Replace('\\', '/');
            if (!path.Contains("/bin/") && !path.Contains("/obj/")) yield return File(path, System.IO.File.ReadAllText(full));
        }
    }

    private static SourceFile File(string path, string text)
    {
        var code = Strip(text);
        var match = Regex.Match(path, @"^src/ActorSweep\.(?:Core|Training)/Methods/([A-Z]\w*)/");
        return new SourceFile(path, match.Success ? match.Groups[1].Value : null, Regex.IsMatch(code, @"\bnamespace\s+ActorSweep\.(?:Core|Training)\.Methods\b"), code);
    }

    /// <summary>The code without comments (doc comments too: a <c>cref</c> needs the import the scan sees anyway).</summary>
    private static string Strip(string code) =>
        Regex.Replace(Regex.Replace(code, @"/\*.*?\*/", " ", RegexOptions.Singleline), @"//[^\n]*", "");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "ActorSweep.sln"))) return dir.FullName;
        throw new InvalidOperationException("ActorSweep.sln not found above the test directory");
    }
}

/// <summary>What methods declare of their own is unique in the build and reaches the shared frame through the registry.</summary>
public class MethodDeclarationsTests
{
    [Test]
    public void MeasurementNames_AreUniqueInTheBuild_AndNotAColumnOfTrials()
    {
        var declared = MethodRegistry.Default.Names.SelectMany(n => MethodRegistry.Default.Get(n).Measurements.Select(m => (Method: n, m.Name))).ToList();
        Assert.That(declared.GroupBy(d => d.Name).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "one method owns a measurement name");
        Assert.That(declared.Select(d => d.Name), Does.Contain("ticket_drawn_at").And.Contain("training_saved"), "Early-Bird declares its draw");
        Assert.That(declared.Select(d => d.Name), Has.All.Matches<string>(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^[a-z][a-z0-9_]*$")), "snake_case, like a column");
    }

    [Test]
    public void LevelKeys_AreDeclaredWithTheirKeys()
    {
        var levels = MethodRegistry.Default.Names.SelectMany(n => MethodRegistry.Default.Get(n).Options).Where(o => o.PicksLevel).Select(o => o.Key).ToHashSet();
        Assert.That(levels, Is.SupersetOf(new[] { "method.sparsity", "method.rounds", "method.controls", "method.interpolation-points", "method.baselines", "method.soups", "method.source-rounds" }));
        Assert.That(levels, Does.Not.Contain("method.rewind-iteration"), "how a method trains splits its variants");
    }

    [Test]
    public void MethodOnlyKeys_AreDeclaredInTheirMethodsFolder_AndEveryKeyIsUnderMethod()
    {
        // Every option key of every method is a method.* or training.* key, and a key declared by exactly one method is
        // not in the shared HparamKeys (it lives in that method's folder).
        var shared = typeof(ActorSweep.Core.Tasks.HparamKeys).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var owners = MethodRegistry.Default.Names.SelectMany(n => MethodRegistry.Default.Get(n).Options.Select(o => (Method: n, o.Key)))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Method).Distinct().ToList());
        var misplaced = owners.Where(o => o.Value.Count == 1 && shared.Contains(o.Key) && !SharedMechanismKeys.Contains(o.Key)).Select(o => $"{o.Key} ({o.Value[0]})").ToList();
        Assert.That(misplaced, Is.Empty);
    }

    // Keys one method uses today that belong to a shared mechanism (the rewinding family, magnitude pruning, label noise …),
    // kept in HparamKeys because the mechanism reads them.
    private static readonly HashSet<string> SharedMechanismKeys = new()
    {
        "method.retrain", "method.scratch-b-max-factor", "method.distill", "method.kd-alpha", "method.kd-temperature", "method.strategy",
        "method.rate-fc", "method.rate-conv", "method.rate-output", "method.prune-rate", "method.prune-rate-decay", "method.update-every",
        "method.drop-fraction", "method.end-fraction", "method.drop-schedule", "method.members", "method.growth",
    };
}

/// <summary>Tests mirror methods: every method folder of a project has a test folder of the same name in that project's tests.</summary>
public class MethodTestFoldersTests
{
    [Test]
    public void EveryMethodFolder_HasATestFolderWithTests()
    {
        var root = MethodClosureTests.Root;
        var missing = new List<string>();
        foreach (var project in new[] { "Core", "Training" })
            foreach (var method in Directory.GetDirectories(Path.Combine(root, "src", $"ActorSweep.{project}", "Methods")).Select(Path.GetFileName))
            {
                var tests = Path.Combine(root, "tests", $"ActorSweep.{project}.Tests", "Methods", method!);
                if (!Directory.Exists(tests) || !Directory.EnumerateFiles(tests, "*.cs").Any(f => File.ReadAllText(f).Contains("[Test")))
                    missing.Add($"tests/ActorSweep.{project}.Tests/Methods/{method}/");
            }
        Assert.That(missing, Is.Empty);
    }
}
