using System.Diagnostics;
using System.Text.Json;

namespace ActorSweep.Core.Tests.Architecture;

/// <summary>
/// The build switch between libtorch's CPU and CUDA natives (<c>-p:TorchBackend=cpu|cuda</c> on ActorSweep.Training),
/// checked by MSBuild evaluation only — no restore, so the CUDA package, which this registry does not serve, is never
/// fetched: each setting references TorchSharp and exactly one libtorch package, the default is the CPU one, and any
/// other value is an error that names the property.
/// </summary>
public class TorchBackendTests
{
    private static readonly string Project = Path.Combine(MethodClosureTests.Root, "src", "ActorSweep.Training", "ActorSweep.Training.csproj");

    [TestCase(null, "libtorch-cpu-linux-x64")]
    [TestCase("cpu", "libtorch-cpu-linux-x64")]
    [TestCase("cuda", "libtorch-cuda-12.8-linux-x64")]
    public void EachBackend_ReferencesExactlyOneLibtorch(string? backend, string expected)
    {
        var (exit, output) = MsBuild("-getItem:PackageReference", "-getProperty:TorchBackend", backend);
        Assert.That(exit, Is.EqualTo(0), output);
        using var json = JsonDocument.Parse(output);
        var packages = json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(p => (Name: p.GetProperty("Identity").GetString()!, Version: p.GetProperty("Version").GetString()!)).ToList();
        var libtorch = packages.Where(p => p.Name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(libtorch.Select(p => p.Name), Is.EqualTo(new[] { expected }), "exactly one libtorch package");
        Assert.That(libtorch[0].Version, Is.EqualTo("2.10.0"), "the libtorch TorchSharp 0.107.0 binds");
        Assert.That(packages.Select(p => p.Name), Does.Contain("TorchSharp"));
        Assert.That(json.RootElement.GetProperty("Properties").GetProperty("TorchBackend").GetString(), Is.EqualTo(backend ?? "cpu"));
    }

    [Test]
    public void AnotherBackend_IsAnErrorNamingTheProperty()
    {
        var (exit, output) = MsBuild("-t:CheckTorchBackend", null, "rocm");
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("TorchBackend: expected cpu or cuda, got 'rocm'"));
    }

    private static (int Exit, string Output) MsBuild(string what, string? second, string? backend)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "msbuild", Project, "-nologo", what, second, backend is null ? null : $"-p:TorchBackend={backend}" })
            if (a is not null) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}
