using TorchSharp;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Lineage;

/// <summary>
/// The KD ticket's loss: α·T²·KL(p_teacher^T ‖ p_student^T) + (1−α)·CE(student, labels), where p^T is
/// the softmax of logits / T and the KL divergence is summed over classes and averaged over the batch.
/// </summary>
public static class DistillationLoss
{
    /// <summary>The loss for a batch.</summary>
    public static Tensor Compute(Tensor studentLogits, Tensor teacherLogits, Tensor labels, double alpha, double temperature)
    {
        // Scalars held in locals for the length of the native calls (see KeptScalarAdam); the same operations as before.
        using var t = temperature.ToScalar();
        using var klWeight = (alpha * temperature * temperature).ToScalar();
        using var ceWeight = (1 - alpha).ToScalar();
        var logStudent = nn.functional.log_softmax(studentLogits.div(t), 1);
        var logTeacher = nn.functional.log_softmax(teacherLogits.div(t), 1);
        var kl = (logTeacher.exp() * (logTeacher - logStudent)).sum(1).mean();
        var ce = nn.functional.cross_entropy(studentLogits, labels);
        return kl.mul(klWeight).Plus(ce.mul(ceWeight));
    }
}
