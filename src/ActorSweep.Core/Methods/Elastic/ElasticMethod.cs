using ActorSweep.Core.Morphisms;
using ActorSweep.Core.Lineage;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Elastic;

/// <summary>
/// The Elastic Lottery Ticket Hypothesis (Chen et al. 2021; VITA-Group/ElasticLTH's <c>change_depth</c>
/// branch): the ticket of one member of a model family — the mask of a round of an IMP trial of
/// <c>method.source-model</c> in the same study, and its weights at the rewind point (or θ0) — is mapped block
/// by block onto this trial's deeper (stretch) or shallower (squeeze) model, which then trains from that
/// point. One task per source round, with the source round and the source's dense round as parents (a
/// cross-trial edge); requested baselines branch off each: the mapped ticket with later copies shuffled,
/// random pruning, SNIP, GraSP and SynFlow at the transformed ticket's sparsity.
/// </summary>
public sealed class ElasticMethod : MethodDefinition<ElasticOptions>
{
    public const string MethodName = "elastic";

    /// <summary>The definition.</summary>
    public ElasticMethod() : base(MethodName, "Elastic LTH: stretch or squeeze another trial's IMP tickets onto this model's depth (Chen et al. 2021)", ElasticOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(ElasticOptions options, Hparams trial)
    {
        foreach (var problem in RetrainOptions.ValidateRewind(options.RewindIteration, trial)) yield return problem;
        if (options.StartAtStepZero && options.RewindIteration > 0)
            yield return $"{ElasticKeys.StartAtStepZero} = true starts from θ0; it cannot be combined with {HparamKeys.RewindIteration} = {options.RewindIteration}";
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(ElasticOptions options, PlanContext context)
    {
        var trial = context.Trial;
        var source = context.Resolve(SourceReference(options, context));
        if (source is null) return Array.Empty<PlanNode>();

        var sourceRewind = source.Trial.Hparams.Get(HparamKeys.RewindIteration) is { } k ? Convert.ToInt32(k, System.Globalization.CultureInfo.InvariantCulture)
            : Convert.ToInt32(RetrainOptions.RewindOption.DefaultFor(context.DefaultsVersion), System.Globalization.CultureInfo.InvariantCulture);
        if (!options.StartAtStepZero && sourceRewind != options.RewindIteration)
            context.Refuse(HparamKeys.RewindIteration, $"the source trial rewinds to iteration {sourceRewind}, this trial to {options.RewindIteration}; the transformed ticket starts where the source's does, so set rewind-iteration = {sourceRewind} (or start-at-step-zero = true)");

        var root = source.IndexOf(0, Branches.Main);
        var available = source.Nodes.Where(n => n.Branch == Branches.Main && n.Round >= 1).Select(n => n.Round).ToList();
        if (root < 0 || available.Count == 0)
        {
            context.Refuse(HparamKeys.SourceMethod, $"the source trial ({source.Trial.Method} {source.Trial.Model}) has no pruned rounds on its main branch to transform");
            return Array.Empty<PlanNode>();
        }
        var rounds = options.SourceRounds.Count > 0 ? options.SourceRounds : available;
        var plan = new List<PlanNode>();
        foreach (var round in rounds)
        {
            var index = source.IndexOf(round, Branches.Main);
            if (index < 0)
            {
                context.Refuse(ElasticKeys.SourceRounds, $"round {round} is not a round of the source trial; its pruned rounds are {available.Min()}–{available.Max()}");
                continue;
            }
            var parents = new[] { source.Edge(index), source.Edge(root) };
            var ticket = plan.Count;
            plan.Add(new PlanNode(round, ElasticBranches.Ticket, parents));
            foreach (var baseline in options.Baselines)
                plan.Add(baseline == ElasticBranches.RandomCopies ? new PlanNode(round, baseline, parents) : PlanNode.After(ticket, round, baseline));
        }
        return plan;
    }

    private static TrialReference SourceReference(ElasticOptions options, PlanContext context)
    {
        var trial = context.Trial;
        bool Same(TrialSpec t) => t.Method == options.SourceMethod && t.Model == options.SourceModel && t.Dataset == trial.Dataset && t.Seed == trial.Seed;
        // Several candidates (a grid over training keys): the one trained like this trial.
        var candidates = context.StudyTrials.Where(Same).ToList();
        if (candidates.Count > 1) candidates = candidates.Where(t => SameTraining(t.Hparams, trial.Hparams)).ToList();
        var narrowed = candidates.Count == 1 ? candidates[0].TrialId : null;
        return new TrialReference(ElasticKeys.SourceModel, $"the {options.SourceMethod} trial of {options.SourceModel} on {trial.Dataset}, seed {trial.Seed}",
            t => Same(t) && (narrowed is null || t.TrialId == narrowed), MapsModel: true)
        {
            Mapping = options.Mapping,
            MappingKey = options.Mapping is null ? ElasticKeys.SourceModel : ElasticKeys.BlockMapping,
        };
    }

    private static bool SameTraining(Hparams a, Hparams b)
    {
        var keys = a.Entries.Select(e => e.Key).Concat(b.Entries.Select(e => e.Key)).Where(k => k.StartsWith("training.", StringComparison.Ordinal)).Distinct();
        static string? Text(object? v) => v is null ? null : Hparams.FormatCanonical(v);
        return keys.All(k => Text(a.Get(k)) == Text(b.Get(k)));
    }
}
