using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Cluster.Hosting;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep coordinator &lt;study.hocon | out/study&gt; [--out DIR] [--host H] [--port P] [--plain]</c>:
/// a coordinator-only node (no trainer slots) that workers join with <c>--seed H:P</c>. Given a study
/// folder instead of a study file, it resumes that study from its journal.
/// </summary>
public static class CoordinatorCommand
{
    private static readonly string[] Valued = { "out", "host", "port", "config" };
    private static readonly string[] Flags = { "plain" };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, Valued, Flags);
        var target = a.Single("study file or study folder");
        var host = a.Get("host", "127.0.0.1")!;
        var port = a.GetInt("port", 4053, 0, 65535);
        var configFile = a.Get("config");
        StudyLayout layout;
        string studyFile;
        if (Directory.Exists(target))
        {
            layout = new StudyLayout(target);
            studyFile = layout.StudyFile;
            if (!File.Exists(studyFile)) { errors.WriteLine($"{target}: not a study folder (no study.hocon)"); return ExitCodes.BadInput; }
        }
        else
        {
            studyFile = target;
            if (!ValidateCommand.TryLoad(studyFile, errors, out var s)) return ExitCodes.BadInput;
            layout = StudyLayout.For(a.Get("out", "out")!, s.Name);
            if (File.Exists(layout.JournalFile) || File.Exists(layout.InstanceIdFile))
            {
                errors.WriteLine($"{layout.Root}: study '{s.Name}' was already started here; resume it with 'actorsweep coordinator {layout.Root}'");
                return ExitCodes.BadInput;
            }
        }
        if (!ValidateCommand.TryLoad(studyFile, errors, out var spec)) return ExitCodes.BadInput;
        var graph = TaskGraph.Build(spec);
        foreach (var dataset in graph.Tasks.Select(t => t.Dataset).Distinct()) DatasetRegistry.Prefetch(dataset);
        Directory.CreateDirectory(layout.Root);
        if (studyFile != layout.StudyFile) AtomicFile.Copy(studyFile, layout.StudyFile);

        var options = new NodeOptions(host, port, Array.Empty<string>(), configFile);
        output.WriteLine($"coordinator of '{spec.Name}' ({graph.Tasks.Count} tasks) at {RemotingTls.SeedAddress(SweepConfig.Load(configFile), $"{host}:{port}")}; " +
                         $"start workers with: actorsweep worker --seed {host}:{port}{(configFile is null ? "" : $" --config {configFile}")}");
        return await StudyExecution.RunNodeAsync(graph, layout, options, worker: null, a.Has("plain"), output, errors).ConfigureAwait(false);
    }
}
