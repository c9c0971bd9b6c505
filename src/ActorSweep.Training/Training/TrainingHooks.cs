using ActorSweep.Core.Tasks;
using ActorSweep.Training.Pruning.Dynamic;
using static TorchSharp.torch;

namespace ActorSweep.Training.Training;

/// <summary>
/// What a method changes in the common training loop. The loop knows no method: a method supplies these
/// hooks (distillation supplies a loss, fine-tuning a learning rate, dynamic sparse training a mask update,
/// the dense round of a rewinding trial a snapshot after step k).
/// </summary>
public sealed record TrainingHooks
{
    /// <summary>No hooks: plain supervised training with the trial's schedule.</summary>
    public static readonly TrainingHooks None = new();

    /// <summary>The learning rate per iteration, instead of the schedule (fine-tuning uses the final rate).</summary>
    public Func<int, double>? LearningRate { get; init; }

    /// <summary>The loss of a batch from (logits, inputs, labels), instead of cross-entropy (KD ticket).</summary>
    public Func<Tensor, Tensor, Tensor, Tensor>? Loss { get; init; }

    /// <summary>Called after the backward pass, before the optimizer step (Early-Bird's L1 subgradient on batch-norm scales).</summary>
    public Action<Models.SparseNet>? BeforeStep { get; init; }

    /// <summary>Changes the mask during training, possibly in place of an optimizer step (SET, RigL).</summary>
    public IMaskUpdater? MaskUpdater { get; init; }

    /// <summary>Called with the step count at the start and after every step (to snapshot θ_k).</summary>
    public Action<int>? AfterStep { get; init; }

    /// <summary>Asked after <see cref="AfterStep"/> with the step count: true ends training there (Early-Bird's search stops at the draw).</summary>
    public Func<int, bool>? StopAfter { get; init; }

    /// <summary>Called after every evaluation with its point of the curve (extra measurements of a method).</summary>
    public Action<CurvePoint, Models.SparseNet>? AfterEvaluation { get; init; }
}
