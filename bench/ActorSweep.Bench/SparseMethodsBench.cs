using System.Diagnostics;
using ActorSweep.Core.Sparsity;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning.Distribution;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Bench;

/// <summary>
/// Training-step rates of the conv models (Conv-2 on CIFAR-shaped input, batch 60, Adam, 1 thread,
/// masks re-applied every step) and the cost of one RigL / SET / SNFS mask update and of an Early-Bird mask
/// draw relative to one training step of the same network, measured alternately in one run.
/// </summary>
public static class SparseMethodsBench
{
    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        set_num_threads(1);
        Measure("lenet-300-100", 1, 28, 300);
        Measure("conv-2", 3, 32, 60);
    }

    private static void Measure(string name, int channels, int side, int steps)
    {
        using var model = ModelRegistry.Create(name, channels, side, side, 10);
        using (var g = new Generator(1)) model.Initialize(g);
        var mask = RandomMasks.WithLayerCounts(model.PrunableLayers, LayerDensities.KeptCounts(model.PrunableLayers, 0.9, LayerDistribution.ErdosRenyiKernel), 3);
        var masks = TrainingLoop.MaskTensors(model, mask, CPU);
        TrainingLoop.ApplyMasks(model, masks);
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        using var x = rand(600, channels, side, side);
        using var y = randint(0, 10, 600, dtype: ScalarType.Int64);
        var rigl = new DynamicSparsity(GrowthCriterion.Gradient, 1_000_000, new MaskUpdateSchedule(1, 0.3, 1.0, MaskUpdateSchedule.Cosine), 5);
        var set = new DynamicSparsity(GrowthCriterion.Random, 1_000_000, new MaskUpdateSchedule(1, 0.3, 1.0, MaskUpdateSchedule.Cosine), 5);

        var snfs = new SparseMomentum(new SparseLearningSchedule(0.5, SparseLearningSchedule.Cosine), SparseLearningGrowth.Momentum, Redistribution.Momentum, 1_000_000, 1,
            mask.TotalKept, 5);

        void Step(int i, IMaskUpdater? update)
        {
            using var scope = NewDisposeScope();
            var start = i * 60 % 600;
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(x.narrow(0, start, 60)), y.narrow(0, start, 60)).backward();
            if (update is null || !update.ReplacesOptimizerStep) optimizer.step();
            update?.Update(i, model, masks, optimizer);
            TrainingLoop.ApplyMasks(model, masks);
        }

        double Time(int n, IMaskUpdater? update)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < n; i++) Step(i, update);
            return sw.Elapsed.TotalMilliseconds / n;
        }

        Time(Math.Max(5, steps / 10), null);
        Time(3, rigl);
        var stepMs = new List<double>();
        var riglMs = new List<double>();
        var setMs = new List<double>();
        var snfsMs = new List<double>();
        var drawMs = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            stepMs.Add(Time(steps, null));
            riglMs.Add(Time(Math.Max(3, steps / 10), rigl));
            setMs.Add(Time(Math.Max(3, steps / 10), set));
            snfsMs.Add(Time(Math.Max(3, steps / 10), snfs));
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++) ActorSweep.Training.Methods.EarlyBird.EarlyBirdTicket.Draw(model, "magnitude", 0.5);
            drawMs.Add(sw.Elapsed.TotalMilliseconds / 3);
        }
        var s = stepMs.Order().ElementAt(1);
        var r = riglMs.Order().ElementAt(1);
        var e = setMs.Order().ElementAt(1);
        Console.WriteLine($"{name} (90 % sparse, ERK), batch 60, Adam, 1 thread: training step {s:0.00} ms ({1000 / s:0} it/s); " +
                          $"RigL update step {r:0.00} ms = {r / s:0.00}× a training step; SET update step {e:0.00} ms = {e / s:0.00}× " +
                          $"(with ΔT = 100 RigL adds {(r - s) / s / 100 * 100:0.0} % to training) — medians of 3 alternating runs");
        var m = snfsMs.Order().ElementAt(1);
        var d = drawMs.Order().ElementAt(1);
        Console.WriteLine($"{name}: SNFS update step {m:0.00} ms = {m / s:0.00}× a training step (once per epoch: +{(m - s) / s / 540 * 100:0.00} % at 540 steps/epoch); " +
                          $"Early-Bird magnitude draw {d:0.00} ms = {d / s:0.00}× a step (every 100 steps: +{d / s:0.0} %)");
        foreach (var t in masks.Values) t.Dispose();
    }
}
