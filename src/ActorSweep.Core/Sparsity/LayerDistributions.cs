using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Sparsity;

/// <summary>How a target sparsity is spread over layers (Evci et al. 2020, rigl's sparse_utils).</summary>
public static class LayerDistributions
{
    public const string Uniform = "uniform";
    public const string ErdosRenyi = "er";
    public const string ErdosRenyiKernel = "erk";

    /// <summary>The accepted values.</summary>
    public static readonly string[] All = { Uniform, ErdosRenyi, ErdosRenyiKernel };

    /// <summary>The <c>method.distribution</c> option with the default of the method that declares it.</summary>
    public static HparamDefinition Option(string fallback) =>
        new(HparamKeys.Distribution, HparamType.String, fallback, HparamChecks.OneOf(All));
}
