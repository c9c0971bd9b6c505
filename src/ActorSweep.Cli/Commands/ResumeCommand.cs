using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep resume &lt;out&gt;/&lt;study&gt; [--slots N] …</c>: continues a study after a crash or
/// Ctrl-C from the folder's own copy of the study file and the coordinator's journal. Tasks whose rows
/// are durable do not run again; interrupted ones do; every task ends with exactly one row.
/// </summary>
public static class ResumeCommand
{
    private static readonly string[] Valued = { "slots", "devices", "threads", "config" };
    private static readonly string[] Flags = { "plain" };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var a = CommandArgs.Parse(args, Valued, Flags);
        var layout = new StudyLayout(a.Single("study folder"));
        if (!File.Exists(layout.StudyFile))
        {
            errors.WriteLine($"{layout.Root}: not a study folder (no study.hocon); expected the folder 'actorsweep run' created, e.g. out/<study>");
            return ExitCodes.BadInput;
        }
        var threads = a.GetInt("threads", 1, 1, 256);
        var devices = Devices.Parse(a.Get("devices", "cpu")!, a.GetInt("slots", Environment.ProcessorCount, 1, 1024));
        var configFile = a.Get("config");
        if (configFile is not null && !File.Exists(configFile)) throw new UsageException($"--config: file '{configFile}' not found");
        if (!ValidateCommand.TryLoad(layout.StudyFile, errors, out var spec)) return ExitCodes.BadInput;
        if (Path.GetFileName(layout.Root) != spec.Name)
        {
            errors.WriteLine($"{layout.StudyFile}: name '{spec.Name}' does not match the folder '{Path.GetFileName(layout.Root)}'");
            return ExitCodes.BadInput;
        }
        return await StudyExecution.RunAsync(TaskGraph.Build(spec), layout, devices, threads, configFile, a.Has("plain"), output, errors).ConfigureAwait(false);
    }
}
