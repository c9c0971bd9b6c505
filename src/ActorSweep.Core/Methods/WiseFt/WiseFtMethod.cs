using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.WiseFt;

/// <summary>
/// WiSE-FT (Wortsman et al. 2022, "Robust fine-tuning of zero-shot models"; mlfoundations/wise-ft <c>wise_ft.py</c>): one
/// task fine-tunes the source network end to end (its mask kept), then one task per α evaluates the weight-space
/// interpolation θ_α = (1 − α)·θ_source + α·θ_fine-tuned without training — its row is that network's accuracy, and with
/// <c>training.robustness</c> its accuracy under shift, which is what the paper plots against in-distribution accuracy.
/// </summary>
public sealed class WiseFtMethod : MethodDefinition<WiseFtOptions>
{
    public const string MethodName = "wise-ft";

    /// <summary>The definition.</summary>
    public WiseFtMethod() : base(MethodName, "WiSE-FT: fine-tune another trial's network, evaluate the weight-space interpolations between the two over an α grid (Wortsman et al. 2022)", WiseFtOptions.Schema) { }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(WiseFtOptions options, PlanContext context)
    {
        if (context.SourceRound(options.SourceMethod, options.SourceRound) is not { } source) return Array.Empty<PlanNode>();
        var plan = new List<PlanNode> { new(0, WiseFtBranches.FineTuned, new[] { source }) };
        foreach (var alpha in options.Alphas) plan.Add(new PlanNode(0, WiseFtBranches.Alpha(alpha), new[] { source, PlanEdge.Local(0) }));
        return plan;
    }
}
