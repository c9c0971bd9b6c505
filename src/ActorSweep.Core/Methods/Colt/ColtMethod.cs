using ActorSweep.Core.Tasks;
namespace ActorSweep.Core.Methods.Colt;

/// <summary>
/// Cyclic Overlapping Lottery Tickets (ismail31416/COLT): the dataset's classes are split into P parts, one model per
/// part, all from the trial's θ0. Round 0 trains each part's model on its part. Each later round has the P models of
/// the round before as parents: each is pruned by magnitude within its own mask (convolutions and linear layers in pools of their own, as the reference), the P masks are intersected
/// (AND, <c>colt2</c>), and every model restarts from θ0 under the overlap and trains on its part. With
/// <c>full-head</c>, each round's overlap ticket also trains on every class with a K-way head (branch <c>full</c>).
/// </summary>
public sealed class ColtMethod : MethodDefinition<ColtOptions>
{
    public const string MethodName = "colt";

    /// <summary>The definition.</summary>
    public ColtMethod() : base(MethodName, "cyclic overlapping lottery tickets: intersect the tickets of models trained on class partitions (COLT)", ColtOptions.Schema) { }

    /// <inheritdoc />
    protected override IEnumerable<string> Validate(ColtOptions options, Hparams trial, Study.TrialFacts facts)
    {
        if (Study.TrainingHparams.From(trial).LabelNoise.IsNoisy)
            yield return $"{HparamKeys.LabelNoiseKind}: label noise is not implemented for COLT's class partitions (each part relabels its classes); remove it from this method's trials";
        if (facts.Dataset is { Classes: var classes } && classes % options.Parts != 0)
            yield return $"{ColtKeys.Parts}: COLT splits the classes into equal parts, and {trial.GetString(HparamKeys.Dataset)}'s {classes} classes do not divide into " +
                         $"{options.Parts}; expected a divisor of {classes} ({string.Join(", ", Enumerable.Range(2, classes - 1).Where(p => classes % p == 0))})";
        if (!options.PoolsOfEachKind && (options.ConvFraction is not null || options.LinearFraction is not null))
            yield return $"{ColtOptions.ConvFractionKey} and {ColtOptions.LinearFractionKey} set the rates of the by-kind pools; with {ColtOptions.PoolsKey} = one, " +
                         $"every weight is pruned at {HparamKeys.GlobalFraction}: expected {ColtOptions.PoolsKey} = by-kind, or no per-kind rate";
    }

    /// <inheritdoc />
    protected override IReadOnlyList<PlanNode> Plan(ColtOptions options, PlanContext context)
    {
        var plan = Enumerable.Range(0, options.Parts).Select(p => PlanNode.Start(0, ColtBranches.Part(p))).ToList();
        var previous = Enumerable.Range(0, options.Parts).Select(PlanEdge.Local).ToArray();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var first = plan.Count;
            plan.AddRange(Enumerable.Range(0, options.Parts).Select(p => new PlanNode(round, ColtBranches.Part(p), previous)));
            if (options.FullHead) plan.Add(new PlanNode(round, ColtBranches.Full, previous));
            previous = Enumerable.Range(first, options.Parts).Select(PlanEdge.Local).ToArray();
        }
        return plan;
    }
}
