using Serilog;

namespace ActorSweep.Cli.Composition;

/// <summary>
/// Full errors, stack traces and Akka's own log go to a file (Serilog), never to the console, where a running
/// study shows one line per failure. <see cref="AkkaConfig"/> routes Akka's logging to Serilog.
/// </summary>
public static class Logging
{
    /// <summary>
    /// Akka's loggers and levels: everything from INFO to Serilog, nothing to the console — including what Akka logs
    /// before its loggers start and after they stop (<see cref="LogFileStdoutLogger"/>).
    /// </summary>
    public const string AkkaConfig = """
        akka.loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
        akka.logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
        akka.loglevel = INFO
        akka.stdout-loglevel = WARNING
        akka.stdout-logger-class = "ActorSweep.Cli.Composition.LogFileStdoutLogger, actorsweep"
        """;

    /// <summary>
    /// Sends the process's log to <paramref name="file"/> (appending); dispose to flush and close it. A log that cannot
    /// be completed then (a full disk) is one line on <paramref name="errors"/>, never an error of the command.
    /// </summary>
    public static IDisposable ToFile(string file, TextWriter? errors = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.WithProperty("Pid", Environment.ProcessId)
            .WriteTo.File(file, outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] pid {Pid} {Message:lj}{NewLine}{Exception}", shared: true)
            .CreateLogger();
        Log.Information("actorsweep {Version} started: {Args}", typeof(Logging).Assembly.GetName().Version, string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        return new Closer(file, errors);
    }

    private sealed class Closer(string file, TextWriter? errors) : IDisposable
    {
        public void Dispose()
        {
            try { Log.CloseAndFlush(); }
            catch (IOException e)
            {
                errors?.WriteLine($"the log file {file} could not be completed: {e.Message.Split(" : ")[0]} (its last lines are missing; every result written so far is intact)");
            }
        }
    }
}
