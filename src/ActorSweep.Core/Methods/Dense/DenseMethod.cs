using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Dense;

/// <summary>The unpruned baseline: round 0 only.</summary>
public sealed class DenseMethod : IMethodDefinition
{
    public const string MethodName = "dense";

    /// <inheritdoc />
    public string Name => MethodName;

    /// <inheritdoc />
    public string Summary => "dense baseline (no pruning)";

    /// <inheritdoc />
    public IReadOnlyList<HparamDefinition> Options { get; } = Array.Empty<HparamDefinition>();

    /// <inheritdoc />
    public IEnumerable<string> Validate(Hparams trial) => Array.Empty<string>();

    /// <inheritdoc />
    public IReadOnlyList<LineageNode> Plan(Hparams trial) => new[] { new LineageNode(0, Branches.Main, null) };
}
