using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Soup;

/// <summary>
/// Model soups (Wortsman et al. 2022; mlfoundations/model-soups): from one trained network — round
/// <c>source-round</c> of the <c>source-method</c> trial of the same model, dataset and seed — one fine-tuning task
/// per ingredient (learning rates × seeds; a sparse source's mask is kept), then a soup task per requested soup with
/// every ingredient as a parent: the uniform soup averages them all; the greedy soup adds ingredients in order of
/// validation accuracy while it strictly rises.
/// </summary>
public sealed class SoupMethod : MethodDefinition<SoupOptions>
{
    public const string MethodName = "soup";

    /// <summary>The definition.</summary>
    public SoupMethod() : base(MethodName, "model soups: fine-tune one network over a grid, average the ingredients (uniform and greedy; Wortsman et al. 2022)", SoupOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(SoupOptions options, Hparams trial)
    {
        if (options.Ingredients < 2) yield return $"a soup needs at least 2 ingredients; {SoupKeys.FinetuneLrs} × {SoupKeys.FinetuneSeeds} gives {options.Ingredients}";
        if (options.Ingredients > 100) yield return $"{options.Ingredients} ingredients; at most 100";
        if (options.Soups.Contains(SoupBranches.Greedy) && TrainingHparams.From(trial).ValidationSize == 0)
            yield return $"the greedy soup ranks and adds ingredients by validation accuracy; set {HparamKeys.ValidationSize} > 0, or soups = [{SoupBranches.Uniform}]";
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(SoupOptions options, PlanContext context)
    {
        if (context.SourceRound(options.SourceMethod, options.SourceRound, mapsModel: true) is not { } source) return Array.Empty<PlanNode>();
        var plan = new List<PlanNode>();
        for (var i = 0; i < options.Ingredients; i++) plan.Add(new PlanNode(i + 1, SoupBranches.Ingredient, new[] { source }));
        var ingredients = Enumerable.Range(0, options.Ingredients).Select(PlanEdge.Local).ToArray();
        foreach (var soup in options.Soups) plan.Add(new PlanNode(0, soup, ingredients));
        return plan;
    }
}
