using ActorSweep.Training.Devices;

namespace ActorSweep.Training.Tests.Devices;

public class DeviceProbeTests
{
    [Test]
    public void Cpu_MakesTheRoundTrip() => Assert.That(DeviceProbe.Check("cpu"), Is.Null);

    [Test]
    public void Cuda_OnAMachineWithoutIt_SaysWhy()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Ignore("this machine has CUDA");
        Assert.That(DeviceProbe.Check("cuda:0"), Does.StartWith("CUDA is not available on this machine"));
    }

    [Test]
    public void NotADevice_IsRefused() => Assert.That(DeviceProbe.Check("tpu:0"), Is.EqualTo("expected cpu or cuda:N"));
}
