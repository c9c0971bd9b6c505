using static TorchSharp.torch;

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
        var logStudent = nn.functional.log_softmax(studentLogits / temperature, 1);
        var logTeacher = nn.functional.log_softmax(teacherLogits / temperature, 1);
        var kl = (logTeacher.exp() * (logTeacher - logStudent)).sum(1).mean();
        var ce = nn.functional.cross_entropy(studentLogits, labels);
        return kl * (alpha * temperature * temperature) + ce * (1 - alpha);
    }
}
