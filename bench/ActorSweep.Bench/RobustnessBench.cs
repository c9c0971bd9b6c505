using System.Diagnostics;
using ActorSweep.Core.Robustness;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Data;
using ActorSweep.Training.Data.Augmentation;
using ActorSweep.Training.Data.Corrupted;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Bench;

/// <summary>
/// What robustness costs (issue 30): making MNIST-C's 14 corrupted copies of MNIST's test split; a LeNet-300-100 training
/// step (Adam, batch 60, 1 thread) standard, adversarial (PGD-10, FGSM) and held to a DCT-basis mask (the projection), with AugMix or Gaussian augmentation (issue 30's CARD-Decks),
/// alternated in one run so all see the same machine state; and PGD-40 evaluation throughput.
/// </summary>
public static class RobustnessBench
{
    private const int Steps = 300;

    /// <summary>Runs the benchmark and prints its figures.</summary>
    public static void Run()
    {
        var test = DatasetRegistry.Load("mnist", 5000).Test;
        var total = Stopwatch.StartNew();
        var slowest = ("", 0.0);
        foreach (var name in Corruptions.Names)
        {
            var sw = Stopwatch.StartNew();
            CorruptedTestSets.Bytes(test, name, Corruptions.SeverityOf(name, 0));
            if (sw.Elapsed.TotalSeconds > slowest.Item2) slowest = (name, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"corrupted sets: MNIST-C's {Corruptions.Names.Count} corruptions of MNIST's 10,000 test images made in {total.Elapsed.TotalSeconds:0.0} s " +
                          $"({Environment.ProcessorCount} threads; slowest {slowest.Item1} {slowest.Item2:0.0} s); once per process");

        set_num_threads(1);
        using var model = ModelRegistry.Create("lenet-300-100", 1, 28, 28, 10);
        using (var g = new Generator(1)) model.Initialize(g);
        var half = new Mask(model.PrunableLayers, model.PrunableLayers.ToDictionary(l => l.Name, l => Enumerable.Range(0, (int)l.Count).Select(i => i % 2 == 0 ? 1f : 0f).ToArray()));
        var masks = TrainingLoop.MaskTensors(model, half, CPU);
        using var optimizer = optim.Adam(model.parameters(), 1.2e-3);
        using var x = rand(6000, 1, 28, 28);
        using var y = randint(0, 10, 6000, dtype: ScalarType.Int64);
        using var space = new PixelSpace(null, 1, CPU);
        var canonical = TrainingLoop.Constraint(model, masks, WeightBases.Canonical);
        var dct = TrainingLoop.Constraint(model, masks, WeightBases.Dct);

        double Measure(string kind)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < Steps; i++)
            {
                using var scope = NewDisposeScope();
                var start = i * 60 % 6000;
                var xb = x.narrow(0, start, 60);
                var yb = y.narrow(0, start, 60);
                if (kind == "pgd-10") { using var gen = new Generator((ulong)i); xb = Attacks.Pgd(model, space, xb, yb, 0.3, 10, 0.03, gen); }
                if (kind == "fgsm") xb = Attacks.Fgsm(model, space, xb, yb, 0.3);
                if (kind is "augmix" or "gaussian") xb = PixelAugmentation.Apply(xb, space, TrainingAugmentation.Off.As(kind), (ulong)i);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(xb), yb);
                loss.backward();
                optimizer.step();
                (kind == "dct" ? dct : canonical)();
                loss.item<float>();
            }
            return Steps / sw.Elapsed.TotalSeconds;
        }

        var kinds = new[] { "standard", "fgsm", "pgd-10", "dct", "augmix", "gaussian" };
        foreach (var k in kinds) Measure(k);
        var runs = kinds.ToDictionary(k => k, _ => new List<double>());
        for (var round = 0; round < 3; round++)
            foreach (var k in kinds) runs[k].Add(Measure(k));
        var median = runs.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ElementAt(1));
        Console.WriteLine($"training step, LeNet-300-100, batch 60, Adam, 1 thread, masked (median of 3 alternating runs of {Steps} steps): " +
                          string.Join(", ", kinds.Select(k => $"{k} {median[k]:0} it/s")));
        Console.WriteLine($"  cost relative to a standard step: fgsm {median["standard"] / median["fgsm"]:0.00}× (expected ≈ 2), " +
                          $"pgd-10 {median["standard"] / median["pgd-10"]:0.00}× (expected ≈ 11), dct-basis projection {median["standard"] / median["dct"]:0.00}×, " +
                          $"augmix {median["standard"] / median["augmix"]:0.00}×, gaussian {median["standard"] / median["gaussian"]:0.00}× (CPU augmentation of the batch)");

        var evaluation = new RobustnessEvaluation(Array.Empty<string>(), 0, new[] { RobustnessEvaluation.Pgd }, 0.3, 40, 0.01, 2000);
        var data = DeviceData.For(DatasetRegistry.Load("mnist", 5000), CPU, normalize: true);
        var clock = Stopwatch.StartNew();
        RobustnessMeasurement.Measure(model, data, evaluation, RobustnessPoint.Final);
        Console.WriteLine($"PGD-40 evaluation: {2000 / clock.Elapsed.TotalSeconds:0} test images/s (LeNet-300-100, 1 thread)");
        foreach (var t in masks.Values) t.Dispose();
    }
}
