using ActorSweep.Training.Models;
using static TorchSharp.torch;

namespace ActorSweep.Training.Ensembles;

/// <summary>A trained network's logits on the validation and test splits (what combining networks needs of each member).</summary>
public sealed class MemberOutputs : IDisposable
{
    private const int Batch = 2000;

    private MemberOutputs(Tensor validation, Tensor test)
    {
        Validation = validation;
        Test = test;
    }

    /// <summary>Logits on the validation split, [n, classes].</summary>
    public Tensor Validation { get; }

    /// <summary>Logits on the test split, [n, classes].</summary>
    public Tensor Test { get; }

    /// <summary>The outputs of <paramref name="model"/> (evaluation mode, no gradients).</summary>
    public static MemberOutputs Of(SparseNet model, Tensor valX, Tensor testX) => new(Logits(model, valX), Logits(model, testX));

    /// <summary>Logits of <paramref name="model"/> over <paramref name="x"/>, in batches; the result lives outside any dispose scope.</summary>
    public static Tensor Logits(SparseNet model, Tensor x)
    {
        var wasTraining = model.training;
        model.eval();
        var parts = new List<Tensor>();
        using (no_grad())
        {
            for (long start = 0; start < x.shape[0]; start += Batch)
            {
                var part = model.forward(x.narrow(0, start, Math.Min(Batch, x.shape[0] - start)));
                part.DetachFromDisposeScope();
                parts.Add(part);
            }
        }
        if (parts.Count == 0)
        {
            // No images (no validation split): the network's own empty output, [0, classes].
            using (no_grad()) parts.Add(model.forward(x));
        }
        if (wasTraining) model.train();
        var all = cat(parts, 0);
        all.DetachFromDisposeScope();
        foreach (var p in parts) p.Dispose();
        return all;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Validation.Dispose();
        Test.Dispose();
    }
}
