using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Colt;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Magnitude;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Methods.Colt;

/// <summary>
/// COLT (ismail31416/COLT <c>main.py</c>). A part task trains the model of its class partition — classes
/// [p·K/P, (p+1)·K/P), labels shifted to 0, a K/P-way head — from the trial's θ0: in round 0 dense; in round r under the
/// overlap ticket of the round before. The overlap ticket: each of the P parents (the round before's part models) is
/// pruned by magnitude within its own mask (<c>lth_global_unstructured_pruning</c>: convolutions and hidden linear layers
/// in pools of their own, linear at rate 0 beside convolutions, the output layer left alone by default), then the P masks are intersected (<c>colt2</c>). Every task that builds the overlap also records how much
/// the pruned masks agreed (intersection over union, the <c>combinations</c> dataset). A <c>full</c> task trains the
/// overlap ticket on every class with a K-way head from the same θ0 (the output layer dense).
/// </summary>
public sealed class ColtTrainer : MethodTrainer<ColtOptions>
{
    /// <summary>The kind written to the <c>combinations</c> dataset.</summary>
    public const string Kind = "mask-intersection";

    /// <summary>The trainer.</summary>
    public ColtTrainer() : base(new ColtMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, ColtOptions options)
    {
        var classes = context.TrainSplit.Classes;
        if (classes % options.Parts != 0)
            throw new DeterministicTaskFailure($"COLT splits the classes into equal parts: {context.Task.Dataset} has {classes} classes, not divisible into {options.Parts} parts (method.parts)");
        var width = classes / options.Parts;
        if (ColtBranches.PartOf(context.Task.Branch) is { } part && part < options.Parts)
        {
            var partContext = context.ForClasses(part * width, (part + 1) * width);
            var model = partContext.NewModel(context.Random.Initialisation);
            if (context.Task.Round == 0)
                return TrainedTask.Of(model, Mask.Ones(model.PrunableLayers), partContext.StartAndTrain(model, Mask.Ones(model.PrunableLayers)));
            var (overlap, measure) = OverlapTicket(context, options, model.PrunableLayers);
            return TrainedTask.Of(model, overlap, partContext.StartAndTrain(model, overlap)) with { Combination = measure };
        }
        if (context.Task.Branch == ColtBranches.Full)
        {
            var partLayers = context.ForClasses(0, width).ModelLayers;
            var (overlap, measure) = OverlapTicket(context, options, partLayers);
            var model = context.NewModel(context.Random.Initialisation);
            var dense = Mask.Ones(model.PrunableLayers);
            var mask = new Mask(model.PrunableLayers, model.PrunableLayers.ToDictionary(l => l.Name, l => l.Kind == LayerKind.Output ? dense[l.Name] : overlap[l.Name]));
            return TrainedTask.Of(model, mask, context.StartAndTrain(model, mask)) with { Combination = measure };
        }
        throw UnknownBranch(context);
    }

    /// <summary>
    /// The overlap ticket of the task's parents (each a part model with <paramref name="partLayers"/>): every parent's
    /// trained weights pruned within its mask, the pruned masks intersected; and the masks' agreement.
    /// </summary>
    public static (Mask Overlap, CombinationResult Measure) OverlapTicket(TaskContext context, ColtOptions options, IReadOnlyList<PrunableLayer> partLayers)
    {
        var pruned = context.Task.ParentTaskIds.Select(parent => Prune(
            context.Artifacts.LoadMask(parent, partLayers), context.Artifacts.LoadPrunableWeights(parent, ArtifactNames.Final, partLayers), options)).ToList();
        return (MaskOverlap.Intersection(pruned), Measure(pruned, options));
    }

    /// <summary>
    /// One model's pruning step: by kind (the reference), each kind's remaining weights by its own global magnitude
    /// threshold at <see cref="RateOf"/>; or <see cref="ColtOptions.GlobalFraction"/> of all by one threshold.
    /// </summary>
    public static Mask Prune(Mask mask, IReadOnlyDictionary<string, float[]> weights, ColtOptions options)
    {
        if (!options.PoolsOfEachKind) return MagnitudePruner.Global(mask, weights, options.GlobalFraction, options.ExcludeOutput);
        var hasConv = mask.Layers.Any(l => l.Kind == LayerKind.Conv);
        return MagnitudePruner.PoolsByKind(mask, weights, kind => RateOf(kind, options, hasConv));
    }

    /// <summary>
    /// A kind's rate per round in by-kind pools: convolutions <c>conv-fraction</c> (else <c>global-fraction</c>); hidden
    /// linear layers <c>linear-fraction</c> (else 0 beside convolutions, as <c>--linear_prune_ratio</c>, and
    /// <c>global-fraction</c> in a network of linear layers only); the output layer 0 when left out, else <c>global-fraction</c>.
    /// </summary>
    public static double RateOf(LayerKind kind, ColtOptions options, bool hasConv) => kind switch
    {
        LayerKind.Conv => options.ConvFraction ?? options.GlobalFraction,
        LayerKind.Output => options.ExcludeOutput ? 0 : options.GlobalFraction,
        _ => options.LinearFraction ?? (hasConv ? 0 : options.GlobalFraction),
    };

    /// <summary>The combinations row of an intersection: P members, their pruned masks' intersection over union over the layers a round prunes.</summary>
    public static CombinationResult Measure(IReadOnlyList<Mask> pruned, ColtOptions options)
    {
        var hasConv = pruned[0].Layers.Any(l => l.Kind == LayerKind.Conv);
        Func<PrunableLayer, bool> prunes = options.PoolsOfEachKind ? l => RateOf(l.Kind, options, hasConv) > 0 : l => !(options.ExcludeOutput && l.Kind == LayerKind.Output);
        return new(Kind, pruned.Count, pruned.Count, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
        {
            MaskOverlap = MaskOverlap.IntersectionOverUnion(pruned, prunes),
        };
    }
}
