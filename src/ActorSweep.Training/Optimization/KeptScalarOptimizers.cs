using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ActorSweep.Training.Optimization;

// TorchSharp 0.107's optimizers pass their coefficients as implicit Scalar temporaries (`add_(grad, alpha: 1 - beta1)`):
// the Scalar is unreachable once its handle is read, so a collection triggered by another slot's thread can finalize it
// — and free the native at::Scalar — while libtorch is still reading it. The symptom is a task failing with
// "Expected false to be true ... Exception raised from toFloat at c10/core/Scalar.h" (a freed Scalar's tag), seen in
// LTH runs with two slots in one process; a freed block reused by another Scalar could instead change a value
// silently. These subclasses run the very same operations in the same order (so weights stay bit-identical) with
// every Scalar held in a local that is disposed after the call that reads it.

/// <summary>TorchSharp's <see cref="TorchSharp.Modules.Adam"/> step with its Scalars kept alive across the native calls.</summary>
public sealed class KeptScalarAdam : TorchSharp.Modules.Adam
{
    /// <summary>Creates the optimizer, as <c>torch.optim.Adam</c>.</summary>
    public KeptScalarAdam(IEnumerable<Parameter> parameters, double lr, double weightDecay)
        : base(parameters, lr, weight_decay: weightDecay)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var beta1 = options.beta1!.Value;
        var beta2 = options.beta2!.Value;
        var lr = options.LearningRate!.Value;
        // The group's constant coefficients, made once per step and held until its last parameter is updated.
        using var b1 = beta1.ToScalar();
        using var oneMinusB1 = (1 - beta1).ToScalar();
        using var b2 = beta2.ToScalar();
        using var oneMinusB2 = (1 - beta2).ToScalar();
        using var epsilon = options.eps!.Value.ToScalar();
        using var one = 1.ToScalar();
        using var decay = KeptScalars.WeightDecay(options.weight_decay!.Value);
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (options.maximize!.Value) grad = -grad;
            state.step += 1;
            var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (decay is not null) grad = grad.add(param, alpha: decay);
            state.exp_avg.mul_(b1).add_(grad, alpha: oneMinusB1);
            state.exp_avg_sq.mul_(b2).addcmul_(grad, grad.conj(), value: oneMinusB2);
            if (options.amsgrad!.Value)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
            }
            using var correction = Math.Sqrt(biasCorrection2).ToScalar();
            var denom = (options.amsgrad.Value ? state.max_exp_avg_sq : state.exp_avg_sq).sqrt().div(correction).add_(epsilon, one);
            using var stepSize = (-(lr / biasCorrection1)).ToScalar();
            param.addcdiv_(state.exp_avg, denom, value: stepSize);
        }
    }, closure);
}

/// <summary>TorchSharp's <see cref="TorchSharp.Modules.SGD"/> step with its Scalars kept alive across the native calls.</summary>
public sealed class KeptScalarSgd : TorchSharp.Modules.SGD
{
    /// <summary>Creates the optimizer, as <c>torch.optim.SGD</c>.</summary>
    public KeptScalarSgd(IEnumerable<Parameter> parameters, double lr, double momentum, double weightDecay, bool nesterov)
        : base(parameters, lr, momentum: momentum, weight_decay: weightDecay, nesterov: nesterov)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        var momentum = options.momentum!.Value;
        var lr = options.LearningRate!.Value;
        // The group's coefficients, made once per step and held until its last parameter is updated.
        using var m = momentum.ToScalar();
        using var keep = (1 - options.dampening!.Value).ToScalar();
        using var alpha = (options.maximize!.Value ? lr : -lr).ToScalar();
        using var decay = KeptScalars.WeightDecay(options.weight_decay!.Value);
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (decay is not null) grad = grad.add(param, alpha: decay);
            if (momentum != 0)
            {
                var buf = state.momentum_buffer;
                if (buf is null)
                {
                    buf = grad.clone().detach().DetachFromDisposeScope();
                    state.momentum_buffer = buf;
                }
                else
                {
                    buf.mul_(m).add_(grad, alpha: keep);
                }
                grad = options.nesterov!.Value ? grad.add(buf, alpha: m) : buf;
            }
            param.add_(grad, alpha: alpha);
        }
    }, closure);
}

internal static class KeptScalars
{
    /// <summary>The weight-decay coefficient as a Scalar, or null when there is none (the step then skips the term).</summary>
    public static Scalar? WeightDecay(double weightDecay) => weightDecay != 0 ? weightDecay.ToScalar() : null;
}
