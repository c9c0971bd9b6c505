using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Ensembles;

/// <summary>
/// The measures of VITA-Group/FreeTickets' <c>ensemble_freetickets.py</c> on members' logits: the ensemble averages the
/// members' softmax outputs; its accuracy and NLL (−mean log of the averaged probability of the true class); the
/// prediction disagreement of two members (1 − the fraction of images they label alike) and the KL divergence
/// <c>F.kl_div(log_softmax(a), softmax(b), batchmean)</c> = mean over images of KL(p_b ‖ p_a), each averaged over pairs
/// (unordered for disagreement, ordered for KL). Computed in double precision.
/// </summary>
public static class Combining
{
    /// <summary>Accuracy of logits (or probabilities) against labels.</summary>
    public static double Accuracy(Tensor scores, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return scores.argmax(1).eq(labels).to(float64).mean().item<double>();
    }

    /// <summary>The members' softmax outputs averaged.</summary>
    public static Tensor AveragedProbabilities(IReadOnlyList<Tensor> logits)
    {
        using var scope = NewDisposeScope();
        var sum = logits.Select(l => nn.functional.softmax(l.to(float64), 1)).Aggregate((a, b) => a.Plus(b));
        return sum.Over(logits.Count).MoveToOuterDisposeScope();
    }

    /// <summary>−mean log p(true class) of probabilities.</summary>
    public static double Nll(Tensor probabilities, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var p = probabilities.to(float64).gather(1, labels.unsqueeze(1)).squeeze(1);
        return -HeldScalars.With(1e-300, floor => p.clamp_min(floor)).log().mean().item<double>();
    }

    /// <summary>−mean log softmax(true class) of logits (a single member's NLL).</summary>
    public static double NllOfLogits(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return nn.functional.cross_entropy(logits.to(float64), labels).item<double>();
    }

    /// <summary>Mean over unordered pairs of the fraction of images two members label differently.</summary>
    public static double Disagreement(IReadOnlyList<Tensor> logits)
    {
        using var scope = NewDisposeScope();
        var labels = logits.Select(l => l.argmax(1)).ToList();
        var sum = 0.0;
        var pairs = 0;
        for (var i = 0; i < labels.Count; i++)
            for (var j = i + 1; j < labels.Count; j++, pairs++)
                sum += 1 - labels[i].eq(labels[j]).to(float64).mean().item<double>();
        return pairs == 0 ? 0 : sum / pairs;
    }

    /// <summary>Mean over ordered pairs (a, b), a ≠ b, of the batch-mean KL(softmax(b) ‖ softmax(a)).</summary>
    public static double KlDivergence(IReadOnlyList<Tensor> logits)
    {
        using var scope = NewDisposeScope();
        var logP = logits.Select(l => nn.functional.log_softmax(l.to(float64), 1)).ToList();
        var sum = 0.0;
        var pairs = 0;
        for (var a = 0; a < logP.Count; a++)
            for (var b = 0; b < logP.Count; b++)
            {
                if (a == b) continue;
                sum += (logP[b].exp() * (logP[b] - logP[a])).sum(1).mean().item<double>();
                pairs++;
            }
        return pairs == 0 ? 0 : sum / pairs;
    }
}
