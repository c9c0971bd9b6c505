using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Optimization;

/// <summary>Per-weight edits of an optimizer's state (Adam's moments, SGD's momentum buffer).</summary>
public static class OptimizerStates
{
    /// <summary>
    /// Zeroes the state entries of parameter number <paramref name="parameterIndex"/> (in
    /// <c>model.parameters()</c> order, as the optimizer was built) where <paramref name="where"/> is true.
    /// </summary>
    public static void ZeroWhere(optim.Optimizer optimizer, int parameterIndex, Tensor where)
    {
        if (optimizer is not OptimizerHelper helper) throw new NotSupportedException($"optimizer {optimizer.GetType().Name} exposes no per-parameter state");
        var states = helper.state_dict().State;
        if (parameterIndex >= states.Count) return;
        using var _ = no_grad();
        foreach (var t in StateTensors(states[parameterIndex]))
            if (t is not null && !t.IsInvalid && t.numel() == where.numel()) HeldScalars.With(0.0, zero => t.masked_fill_(where.reshape(t.shape), zero));
    }

    /// <summary>The state tensors of one parameter's state.</summary>
    public static IEnumerable<Tensor?> StateTensors(OptimizerState state) => state switch
    {
        Adam.State a => new[] { a.exp_avg, a.exp_avg_sq, a.max_exp_avg_sq },
        SGD.State s => new[] { s.momentum_buffer },
        _ => throw new NotSupportedException($"optimizer state {state.GetType().Name} is not handled"),
    };
}
