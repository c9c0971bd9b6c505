using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Tests.Support;

/// <summary>Networks small enough to compute their scores by hand.</summary>
internal static class TinyNetworks
{
    /// <summary>A 2-2-1 network with chosen weights, small enough to check pruning-at-init scores (SNIP, GraSP, SynFlow) by hand.</summary>
    public static LeNet TwoTwoOne()
    {
        var net = new LeNet("tiny", 2, new[] { 2 }, 1);
        var p = net.ParametersByName();
        using var _ = no_grad();
        p["layers.0.weight"].copy_(tensor(new float[] { 1, -2, 3, 4 }, new long[] { 2, 2 }));
        p["layers.0.bias"].copy_(tensor(new float[] { 0.5f, -1 }));
        p["layers.1.weight"].copy_(tensor(new float[] { 2, -1 }, new long[] { 1, 2 }));
        p["layers.1.bias"].copy_(tensor(new float[] { 0.3f }));
        return net;
    }
}
