using ActorSweep.Cli.Composition;

namespace ActorSweep.Cli.Tests.Composition;

/// <summary>The log file is the process's, never the command's problem: a log that cannot be completed is one line.</summary>
[NonParallelizable]
public class LoggingTests
{
    [Test]
    public void ALogFileOnAFullDisk_EndsWithOneClearLine_NotAnError()
    {
        if (!File.Exists("/dev/full")) Assert.Ignore("no /dev/full on this system (it fails every write with ENOSPC)");
        var errors = new StringWriter();
        var closer = Logging.ToFile("/dev/full", errors);
        for (var i = 0; i < 100; i++) Serilog.Log.Information("line {I} of a study whose disk is full", i);
        Assert.DoesNotThrow(closer.Dispose);
        Assert.That(errors.ToString().Trim().Split('\n'), Has.Length.EqualTo(1), errors.ToString());
        Assert.That(errors.ToString(), Does.StartWith("the log file /dev/full could not be completed: No space left on device").And.Contain("every result written so far is intact"));
    }
}
