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
        var weightDecay = options.weight_decay!.Value;
        var amsgrad = options.amsgrad!.Value;
        var maximize = options.maximize!.Value;
        var eps = options.eps!.Value;
        var lr = options.LearningRate!.Value;
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (maximize) grad = -grad;
            state.step += 1;
            var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0)
            {
                using var decay = weightDecay.ToScalar();
                grad = grad.add(param, alpha: decay);
            }
            using (var b1 = beta1.ToScalar())
            using (var oneMinusB1 = (1 - beta1).ToScalar())
                state.exp_avg.mul_(b1).add_(grad, alpha: oneMinusB1);
            using (var b2 = beta2.ToScalar())
            using (var oneMinusB2 = (1 - beta2).ToScalar())
                state.exp_avg_sq.mul_(b2).addcmul_(grad, grad.conj(), value: oneMinusB2);
            Tensor denom;
            using (var correction = Math.Sqrt(biasCorrection2).ToScalar())
            using (var epsilon = eps.ToScalar())
            using (var one = 1.ToScalar())
            {
                if (amsgrad)
                {
                    var previous = state.max_exp_avg_sq;
                    state.max_exp_avg_sq = maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                    previous.Dispose();
                    denom = state.max_exp_avg_sq.sqrt().div(correction).add_(epsilon, one);
                }
                else
                {
                    denom = state.exp_avg_sq.sqrt().div(correction).add_(epsilon, one);
                }
            }
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
        var dampening = options.dampening!.Value;
        var weightDecay = options.weight_decay!.Value;
        var nesterov = options.nesterov!.Value;
        var maximize = options.maximize!.Value;
        var lr = options.LearningRate!.Value;
        foreach (var param in group.Parameters)
        {
            var state = (State)_state[param.Handle];
            var grad = param.grad;
            if (grad is null) continue;
            if (weightDecay != 0)
            {
                using var decay = weightDecay.ToScalar();
                grad = grad.add(param, alpha: decay);
            }
            if (momentum != 0)
            {
                using var m = momentum.ToScalar();
                var buf = state.momentum_buffer;
                if (buf is null)
                {
                    buf = grad.clone().detach().DetachFromDisposeScope();
                    state.momentum_buffer = buf;
                }
                else
                {
                    using var keep = (1 - dampening).ToScalar();
                    buf.mul_(m).add_(grad, alpha: keep);
                }
                grad = nesterov ? grad.add(buf, alpha: m) : buf;
                state.momentum_buffer = buf;
            }
            using var alpha = (maximize ? lr : -lr).ToScalar();
            param.add_(grad, alpha: alpha);
        }
    }, closure);
}
