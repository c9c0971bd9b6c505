using System.Diagnostics;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Bench;

/// <summary>
/// The cost of masking: LeNet-300-100 training steps (Adam, batch 60, 1 thread) with and without
/// re-applying the masks after every step, alternated in one run so both see the same machine state.
/// </summary>
public static class MaskedStepBench
{
    private const int Steps = 1500;

    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        set_num_threads(1);
        using var model = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using (var g = new Generator(1)) model.Initialize(g);
        var mask = Mask.Ones(model.PrunableLayers);
        var masks = TrainingLoop.MaskTensors(model, mask, CPU);
        using var optimizer = optim.Adam(model.parameters(), 1.2e-3);
        using var x = randn(6000, 1, 28, 28);
        using var y = randint(0, 10, 6000, dtype: ScalarType.Int64);

        double Measure(bool masked)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < Steps; i++)
            {
                using var scope = NewDisposeScope();
                var start = i * 60 % 6000;
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(x.narrow(0, start, 60)), y.narrow(0, start, 60));
                loss.backward();
                optimizer.step();
                if (masked) TrainingLoop.ApplyMasks(model, masks);
                loss.item<float>();
            }
            return Steps / sw.Elapsed.TotalSeconds;
        }

        Measure(false);
        Measure(true);
        var dense = new List<double>();
        var withMasks = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            dense.Add(Measure(false));
            withMasks.Add(Measure(true));
        }
        var d = dense.Order().ElementAt(1);
        var m = withMasks.Order().ElementAt(1);
        Console.WriteLine($"masked-step LeNet-300-100, batch 60, Adam, 1 thread: dense {d:0} it/s, masked {m:0} it/s, " +
                          $"masked/dense = {m / d:0.000} (median of 3 alternating runs of {Steps} steps)");
        foreach (var t in masks.Values) t.Dispose();
    }
}
