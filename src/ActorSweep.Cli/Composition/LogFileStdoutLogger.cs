using Akka.Event;

namespace ActorSweep.Cli.Composition;

/// <summary>
/// Akka's "standard out" logger for this process: what Akka logs before its loggers start and after they stop
/// (at shutdown it subscribes this logger at the bus's level, so INFO lines such as "Remoting shut down" would
/// reach the console) goes to the process's log file instead. Configured by <see cref="Logging.AkkaConfig"/>.
/// </summary>
public sealed class LogFileStdoutLogger : MinimalLogger
{
    /// <inheritdoc />
    protected override void Log(object message)
    {
        switch (message)
        {
            case LogEvent e:
                Serilog.Log.Write(LevelOf(e.LogLevel()), e.Cause, "[{Source}] {Message}", e.LogSource, e.Message);
                break;
            default:
                Serilog.Log.Debug("akka: {Message}", message);
                break;
        }
    }

    private static Serilog.Events.LogEventLevel LevelOf(LogLevel level) => level switch
    {
        LogLevel.DebugLevel => Serilog.Events.LogEventLevel.Debug,
        LogLevel.InfoLevel => Serilog.Events.LogEventLevel.Information,
        LogLevel.WarningLevel => Serilog.Events.LogEventLevel.Warning,
        _ => Serilog.Events.LogEventLevel.Error,
    };
}
