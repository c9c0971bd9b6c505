using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Tests.Console;

/// <summary>
/// A signal whose handler runs after the command has ended (the handler can be in flight while Dispose runs) is ignored.
/// A live Trigger is not tested here: its deadline thread ends the process 8 s later (the chaos tests signal real processes).
/// </summary>
public class ProcessSignalsTests
{
    [Test]
    public void ATriggerAfterDispose_DoesNotThrow()
    {
        var signals = new ProcessSignals();
        signals.Dispose();
        Assert.DoesNotThrow(() => signals.Trigger(ExitCodes.Interrupted), "a signal landing while the process ends must not crash it with ObjectDisposedException");
    }
}
