using ActorSweep.Cli.Tests.Support;
using ActorSweep.Cli.Composition;
using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Tests.Composition;

public class DevicesTests
{
    [Test]
    public void Cpu_GivesOneCpuSlotPerRequestedSlot() =>
        Assert.That(Devices.Parse("cpu", 3), Is.EqualTo(new[] { "cpu", "cpu", "cpu" }));

    [Test]
    public void GpuList_GivesOneSlotPerGpu() =>
        Assert.That(Devices.Parse("cuda:0, cuda:1", 8), Is.EqualTo(new[] { "cuda:0", "cuda:1" }));

    [Test]
    public void UnknownDevice_IsAUsageError() =>
        Assert.That(Assert.Throws<UsageException>(() => Devices.Parse("tpu:0", 1))!.Message, Does.Contain("'tpu:0' is not a device"));

    [Test]
    public void Args_ValueOutOfRange_NamesTheOption()
    {
        var (exit, _, errors) = InProcessCli.Run("run", "s.hocon", "--slots", "0");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(errors, Does.Contain("--slots: expected a whole number from 1 to 1024, got '0'"));
    }
}
