using ActorSweep.Core.Methods;
using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Tests.Methods;

/// <summary>
/// A test-only method that builds on other trials of the study: one task whose parents are the round-0
/// tasks of the trials of <c>method.source-method</c> on each model of <c>method.source-models</c> (same
/// dataset and seed), in that order — the shape of a model soup or an ensemble.
/// </summary>
internal sealed class CombineMethod : MethodDefinition<CombineMethod.CombineOptions>
{
    public const string SourceMethod = "method.source-method";
    public const string SourceModels = "method.source-models";

    public sealed record CombineOptions(string SourceMethod, IReadOnlyList<string> SourceModels);

    private static readonly OptionSchema<CombineOptions> Schema = new(new[]
    {
        new HparamDefinition(SourceMethod, HparamType.String, "dense"),
        new HparamDefinition(SourceModels, HparamType.StringList, null),
    }, v => new CombineOptions(v.String(SourceMethod), v.Strings(SourceModels)));

    public CombineMethod() : base("combine", "test: one task on the round-0 tasks of other trials", Schema) { }

    protected override IReadOnlyList<PlanNode> Plan(CombineOptions options, PlanContext context)
    {
        var trial = context.Trial;
        var parents = new List<PlanEdge>();
        foreach (var model in options.SourceModels)
        {
            var source = context.Resolve(new TrialReference(SourceModels, $"the {options.SourceMethod} trial of {model}, seed {trial.Seed}",
                t => t.Method == options.SourceMethod && t.Model == model && t.Seed == trial.Seed && t.Dataset == trial.Dataset, MapsModel: true));
            if (source is not null) parents.Add(source.Edge(source.IndexOf(0, Branches.Main)));
        }
        return new[] { new PlanNode(0, Branches.Main, parents) };
    }
}
