using ActorSweep.Core.Morphisms;
using System.Collections.Immutable;
using ActorSweep.Core.Lineage;
using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Elastic;

/// <summary>
/// Elastic LTH's options: which ticket to transform (the source trial's model and method, and which of its
/// rounds), how (the block mapping, the start point), and which baselines to train beside each transformed
/// ticket. The pruning-at-init baselines take SNIP's, GraSP's and SynFlow's own options and defaults.
/// </summary>
/// <param name="SourceModel">The model of the trial whose tickets are transformed.</param>
/// <param name="SourceMethod">That trial's method (an IMP lineage: <c>imp</c>).</param>
/// <param name="SourceRounds">The source rounds to transform; empty = every pruned round.</param>
/// <param name="Mapping">The block mapping text; null = the default stretch or squeeze.</param>
/// <param name="StartAtStepZero">Map θ0 and train from step 0 instead of the rewind point (ElasticLTH's <c>start_at_step_zero</c>).</param>
/// <param name="RewindIteration">The source lineage's rewind point k, where the target starts (must equal the source trial's).</param>
/// <param name="Baselines">The baselines per transformed ticket (<see cref="ElasticBranches.Baselines"/>).</param>
/// <param name="SamplesPerClass">SNIP/GraSP's scoring batch.</param>
/// <param name="GraspTemperature">GraSP's temperature.</param>
/// <param name="SynFlowIterations">SynFlow's pruning iterations.</param>
public sealed record ElasticOptions(
    string SourceModel, string SourceMethod, IReadOnlyList<int> SourceRounds, string? Mapping, bool StartAtStepZero, int RewindIteration,
    IReadOnlyList<string> Baselines, int SamplesPerClass, double GraspTemperature, int SynFlowIterations)
{
    /// <summary>The schema, with Elastic LTH's defaults.</summary>
    public static readonly OptionSchema<ElasticOptions> Schema = new(
        new[]
        {
            new HparamDefinition(ElasticKeys.SourceModel, HparamType.String, null),
            new HparamDefinition(HparamKeys.SourceMethod, HparamType.String, "imp"),
            new HparamDefinition(ElasticKeys.SourceRounds, HparamType.IntList, ImmutableArray<object>.Empty,
                v => ((IEnumerable<object>)v).All(r => Convert.ToInt64(r, System.Globalization.CultureInfo.InvariantCulture) >= 1) ? null : "rounds are 1 or more (round 0 is the dense network)").AsLevel(),
            new HparamDefinition(ElasticKeys.BlockMapping, HparamType.String, null, v => BlockMapping.Parse((string)v).Error, Optional: true),
            new HparamDefinition(ElasticKeys.StartAtStepZero, HparamType.Bool, false),
            RetrainOptions.RewindOption,
            new HparamDefinition(ElasticKeys.Baselines, HparamType.StringList, ImmutableArray<object>.Empty, HparamChecks.SubsetOf(ElasticBranches.Baselines)).AsLevel(),
            PruneAtInitOptions.SamplesPerClassOption,
            PruneAtInitOptions.GraspTemperatureOption,
            PruneAtInitOptions.PruneIterationsOption,
        },
        v => new ElasticOptions(
            v.String(ElasticKeys.SourceModel), v.String(HparamKeys.SourceMethod), v.Ints(ElasticKeys.SourceRounds), v.StringOrNull(ElasticKeys.BlockMapping),
            v.Bool(ElasticKeys.StartAtStepZero), v.Int(HparamKeys.RewindIteration), v.Strings(ElasticKeys.Baselines),
            v.Int(HparamKeys.SamplesPerClass), v.Double(HparamKeys.GraspTemperature), v.Int(HparamKeys.PruneIterations)));

    /// <summary>The parsed mapping, or null for the default.</summary>
    public BlockMapping? ParsedMapping => Mapping is null ? null : BlockMapping.Parse(Mapping).Mapping;
}

/// <summary>The branches of an Elastic LTH trial (part of task identity and of the Parquet output: never rename one).</summary>
public static class ElasticBranches
{
    /// <summary>The transformed ticket: mapped mask and weights, trained.</summary>
    public const string Ticket = Branches.Main;

    /// <summary>ElasticLTH's <c>change_depth_random_mask</c>: the mapped ticket with every later copy of a block's mask shuffled within its tensor.</summary>
    public const string RandomCopies = "random-copies";

    /// <summary>A random mask with the transformed ticket's per-layer counts on the target's own θ0, trained from step 0.</summary>
    public const string RandomPrune = "random-prune";

    /// <summary>SNIP on the target's own θ0 at the transformed ticket's sparsity.</summary>
    public const string Snip = "snip";

    /// <summary>GraSP on the target's own θ0 at the transformed ticket's sparsity.</summary>
    public const string Grasp = "grasp";

    /// <summary>SynFlow on the target's own θ0 at the transformed ticket's sparsity.</summary>
    public const string SynFlow = "synflow";

    /// <summary>The baselines a study may ask for.</summary>
    public static readonly IReadOnlyList<string> Baselines = new[] { RandomCopies, RandomPrune, Snip, Grasp, SynFlow };
}
