using ActorSweep.Core.Tasks;
using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Elastic;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Data;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.AtInit;
using ActorSweep.Training.Pruning.Random;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Elastic;

/// <summary>
/// Elastic LTH (VITA-Group/ElasticLTH <c>change_depth</c>): the source round's mask (parent 0) and the source
/// lineage's weights at the rewind point — θ_k saved by its dense round (parent 1), or θ0 with
/// <c>start-at-step-zero</c> — are mapped onto this trial's model by <see cref="DepthMorphism"/>; the weights are
/// masked and the target trains from that step with the trial's data order. The baselines: <c>random-copies</c>
/// (<c>change_depth_random_mask</c>: every copy after the first of a source block gets that block's mask shuffled
/// within the tensor); <c>random-prune</c>, <c>snip</c>, <c>grasp</c>, <c>synflow</c> on the target's own θ0 at the
/// transformed ticket's density (parent 0 is the ticket), trained from step 0.
/// </summary>
public sealed class ElasticTrainer : MethodTrainer<ElasticOptions>
{
    /// <summary>The trainer.</summary>
    public ElasticTrainer() : base(new ElasticMethod()) { }

    /// <inheritdoc />
    public override IReadOnlyList<StreamPurpose> Streams { get; } = new[] { ElasticStreams.Copies };

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, ElasticOptions options) => CanonicalSource(context).Task.Branch switch
    {
        ElasticBranches.Ticket => Transformed(context, options, shuffleCopies: false),
        ElasticBranches.RandomCopies => Transformed(context, options, shuffleCopies: true),
        ElasticBranches.RandomPrune or ElasticBranches.Snip or ElasticBranches.Grasp or ElasticBranches.SynFlow => AtTicketDensity(context, options),
        _ => throw UnknownBranch(context),
    };

    /// <summary>The context, once its source ticket's mask is known to hold weights (not another basis's coefficients, which Elastic LTH cannot map).</summary>
    private static TaskContext CanonicalSource(TaskContext context)
    {
        var basis = context.Artifacts.MaskBasisOf(context.Parent(0));
        return basis == Core.Sparsity.WeightBases.Canonical ? context
            : throw new DeterministicTaskFailure($"Elastic LTH maps tickets of weights; the source ticket {context.Parent(0)} keeps coefficients of basis {basis} (method.basis); use a source IMP trial of the canonical basis");
    }

    /// <summary>The source ticket mapped onto this model: its weights (full state) and its mask.</summary>
    public static (Dictionary<string, StoredTensor> Weights, Dictionary<string, StoredTensor> Mask) Map(
        DepthMorphism morphism, IReadOnlyDictionary<string, StoredTensor> sourceWeights, IReadOnlyDictionary<string, StoredTensor> sourceMask, ulong? shuffleCopies)
    {
        var weights = morphism.Apply(sourceWeights);
        Func<StoredTensor, int, StoredTensor>? shuffle = null;
        if (shuffleCopies is { } seed)
        {
            var rng = new SplitMix64(seed);
            shuffle = (t, copy) => copy == 0 ? t : Shuffled(t, rng);
        }
        return (weights, morphism.Apply(sourceMask, shuffle));
    }

    private static TrainedTask Transformed(TaskContext context, ElasticOptions options, bool shuffleCopies)
    {
        var morphism = DepthMorphism.Between(options.SourceModel, context.Task.Model, options.Mapping) is { Morphism: { } m } ? m
            : throw new InvalidOperationException(DepthMorphism.Check(options.SourceModel, context.Task.Model, options.Mapping));
        var sourceRoot = context.Parent(1);
        var weightsArtifact = options.StartAtStepZero || options.RewindIteration == 0 ? ArtifactNames.Init : ArtifactNames.Rewind;
        var (weights, mask) = Map(morphism, context.Artifacts.ReadState(sourceRoot, weightsArtifact), context.Artifacts.ReadState(context.Parent(0), ArtifactNames.Mask),
            shuffleCopies ? context.Random.ElasticCopies(context.Task.Round) : null);

        var model = context.NewModel();
        ArtifactStore.CopyInto(model, weights, $"{options.SourceModel} {weightsArtifact} of task {sourceRoot} mapped by {morphism.Mapping}");
        var layers = model.PrunableLayers;
        var targetMask = new Mask(layers, layers.ToDictionary(l => l.Name, l => mask.TryGetValue(l.Name, out var t) ? (float[])t.Data
            : throw new InvalidDataException($"the mapped mask of {options.SourceModel} has no layer '{l.Name}'")));
        var start = options.StartAtStepZero ? 0 : options.RewindIteration;
        return TrainedTask.Of(model, targetMask, context.StartAndTrain(model, targetMask, start));
    }

    private static TrainedTask AtTicketDensity(TaskContext context, ElasticOptions options)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var ticket = context.Artifacts.LoadMask(context.Parent(0), model.PrunableLayers);
        var sparsity = 1 - ticket.Density;
        var mask = context.Task.Branch switch
        {
            ElasticBranches.RandomPrune => RandomMasks.WithSameLayerCounts(ticket, context.Random.RandomMaskControl(context.Task.Round)),
            ElasticBranches.Snip => PruneAtInit.Snip(model, context.Data, options.SamplesPerClass, sparsity, context.Random.AtInitSampling),
            ElasticBranches.Grasp => PruneAtInit.Grasp(model, context.Data, options.SamplesPerClass, options.GraspTemperature, sparsity, context.Random.AtInitSampling),
            _ => PruneAtInit.SynFlow(model, new long[] { context.TrainSplit.Channels, context.TrainSplit.Height, context.TrainSplit.Width }, sparsity, options.SynFlowIterations),
        };
        return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask));
    }

    private static StoredTensor Shuffled(StoredTensor tensor, SplitMix64 rng)
    {
        var values = (float[])tensor.Data;
        var shuffled = new float[values.Length];
        var order = rng.Permutation(values.Length);
        for (var i = 0; i < values.Length; i++) shuffled[i] = values[order[i]];
        return tensor with { Data = shuffled };
    }
}
