using System.Collections.Immutable;
using System.Globalization;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Lineage;

/// <summary>
/// The control branches a pruning method adds off every pruned round (<c>method.controls</c>, see
/// <see cref="Branches.Controls"/>) and Scratch-B's cap on its multiply-add budget. Shared by IMP and
/// one-shot; the branches' training lives in Training's Lineage folder.
/// </summary>
public sealed record ControlOptions(IReadOnlyList<string> Controls, double ScratchBMaxFactor)
{
    /// <summary>Liu et al. 2019 cap Scratch-B's budget at twice the dense run's iterations.</summary>
    public const double DefaultScratchBMaxFactor = 2.0;

    /// <summary>The keys, with their defaults.</summary>
    public static readonly IReadOnlyList<HparamDefinition> Definitions = new[]
    {
        new HparamDefinition(HparamKeys.Controls, HparamType.StringList, ImmutableArray<object>.Empty, HparamChecks.SubsetOf(Branches.Controls)).AsLevel().GraphOnly(),
        new HparamDefinition(HparamKeys.ScratchBMaxFactor, HparamType.Double, DefaultScratchBMaxFactor,
            v => Convert.ToDouble(v, CultureInfo.InvariantCulture) >= 1 ? null : "must be >= 1"),
    };

    /// <summary>Binds the options from a schema that includes <see cref="Definitions"/>.</summary>
    public static ControlOptions From(OptionValues v) => new(v.Strings(HparamKeys.Controls), v.Double(HparamKeys.ScratchBMaxFactor));

    /// <summary>Appends one node per requested control, branching off the node at <paramref name="parentIndex"/>.</summary>
    public void AddTo(List<PlanNode> plan, int round, int parentIndex)
    {
        foreach (var control in Controls) plan.Add(PlanNode.After(parentIndex, round, control));
    }
}
