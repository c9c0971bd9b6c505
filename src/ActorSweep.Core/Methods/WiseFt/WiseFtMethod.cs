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
        var trial = context.Trial;
        var source = context.Resolve(new TrialReference(HparamKeys.SourceMethod, $"the {options.SourceMethod} trial of {trial.Model} on {trial.Dataset}, seed {trial.Seed}",
            t => t.Method == options.SourceMethod && t.Model == trial.Model && t.Dataset == trial.Dataset && t.Seed == trial.Seed));
        if (source is null) return Array.Empty<PlanNode>();
        var index = source.IndexOf(options.SourceRound, Branches.Main);
        if (index < 0)
        {
            context.Refuse(HparamKeys.SourceRound, $"round {options.SourceRound} is not a round of the {options.SourceMethod} trial (its rounds are {string.Join(", ", source.Nodes.Where(n => n.Branch == Branches.Main).Select(n => n.Round))})");
            return Array.Empty<PlanNode>();
        }
        var plan = new List<PlanNode> { new(0, WiseFtBranches.FineTuned, new[] { source.Edge(index) }) };
        foreach (var alpha in options.Alphas) plan.Add(new PlanNode(0, WiseFtBranches.Alpha(alpha), new[] { source.Edge(index), PlanEdge.Local(0) }));
        return plan;
    }
}
