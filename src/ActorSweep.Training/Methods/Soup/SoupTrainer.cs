using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.Soup;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Ensembles;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Randomness;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;
using static TorchSharp.torch;

namespace ActorSweep.Training.Methods.Soup;

/// <summary>
/// Model soups (mlfoundations/model-soups, <c>main.py</c>). An ingredient fine-tunes the source network's trained weights
/// (its mask kept) with its learning rate and data-order seed. The uniform soup averages every ingredient's weights; the
/// greedy soup sorts the ingredients by validation accuracy, starts from the best and adds the next only when the
/// soup's validation accuracy strictly rises. A soup evaluates without training; its row's accuracy is the soup's, and
/// the <c>combinations</c> dataset compares it with its ingredients.
/// </summary>
public sealed class SoupTrainer : MethodTrainer<SoupOptions>
{
    /// <summary>The trainer.</summary>
    public SoupTrainer() : base(new SoupMethod()) { }

    /// <inheritdoc />
    public override IReadOnlyList<StreamPurpose> Streams { get; } = new[] { SoupStreams.IngredientDataOrders };

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, SoupOptions options) => context.Task.Branch switch
    {
        SoupBranches.Ingredient => Ingredient(context, options),
        SoupBranches.Uniform or SoupBranches.Greedy => Soup(context, options),
        _ => throw UnknownBranch(context),
    };

    private static TrainedTask Ingredient(TaskContext context, SoupOptions options)
    {
        var (lr, seed) = options.Ingredient(context.Task.Round - 1);
        var model = context.NewModel();
        context.Artifacts.LoadWeights(context.Parent(), ArtifactNames.Final, model);
        var mask = context.Artifacts.LoadMask(context.Parent(), model.PrunableLayers);
        context.Start(model, mask);
        return TrainedTask.Of(model, mask, context.Train(model, mask, 0, training: context.Training with { LearningRate = lr }, dataOrder: context.Random.IngredientDataOrder(seed)));
    }

    private static TrainedTask Soup(TaskContext context, SoupOptions options)
    {
        void Mix(Models.SparseNet net, IEnumerable<IReadOnlyDictionary<string, StoredTensor>> chosen, string what) =>
            Blend(net, chosen.ToList(), options.UpdateBatchNorm ? context.Data.TrainX : null, context.Training.BatchSize, what);
        var members = context.Task.ParentTaskIds;
        var soup = context.NewModel();
        var mask = context.Artifacts.LoadMask(members[0], soup.PrunableLayers);
        var states = new List<IReadOnlyDictionary<string, StoredTensor>>();
        var outputs = new List<MemberOutputs>();
        try
        {
            foreach (var member in members)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var memberMask = context.Artifacts.LoadMask(member, soup.PrunableLayers);
                if (soup.PrunableLayers.Any(l => !memberMask[l.Name].AsSpan().SequenceEqual(mask[l.Name])))
                    throw new DeterministicTaskFailure($"ingredient {member} has a different mask from ingredient {members[0]}; a sparse soup needs one shared mask");
                var state = context.Artifacts.ReadState(member, ArtifactNames.Final);
                states.Add(state);
                ArtifactStore.CopyInto(soup, state, $"final.pt of ingredient {member}");
                outputs.Add(MemberOutputs.Of(soup, context.Data.ValX, context.Data.TestX));
            }
            var used = context.Task.Branch == SoupBranches.Greedy ? Greedy(context, soup, states, outputs, Mix) : Enumerable.Range(0, states.Count).ToList();
            Mix(soup, used.Select(i => states[i]), "the soup");
            context.Start(soup, mask);
            var outcome = context.Train(soup, mask, context.Training.Iterations);   // evaluation only
            double nll;
            using (var logits = MemberOutputs.Logits(soup, context.Data.TestX)) nll = Combining.NllOfLogits(logits, context.Data.TestY);
            var combination = EnsembleTask.Compare(context.Task.Branch, outputs.Select(o => o.Test).ToList(), outputs.Select(o => o.Validation).ToList(),
                context.Data.TestY, context.Data.ValY, outcome.TestAccuracyFinal, nll, used.Count);
            return TrainedTask.Of(soup, mask, outcome) with { Combination = combination };
        }
        finally
        {
            foreach (var o in outputs) o.Dispose();
        }
    }

    /// <summary>
    /// Loads the uniform average of <paramref name="states"/> into <paramref name="net"/>; with <paramref name="recalibrateOn"/>,
    /// its batch norms' running statistics are then recomputed on those inputs (in batches of <paramref name="batchSize"/>).
    /// </summary>
    internal static void Blend(Models.SparseNet net, IReadOnlyList<IReadOnlyDictionary<string, StoredTensor>> states, Tensor? recalibrateOn, int batchSize, string what)
    {
        ArtifactStore.CopyInto(net, WeightAveraging.Average(states), what);
        if (recalibrateOn is not null) BatchNormRecalibration.Run(net, recalibrateOn, batchSize);
    }

    /// <summary>The greedy soup's ingredients (indices), in the order they were added.</summary>
    private static List<int> Greedy(TaskContext context, Models.SparseNet soup, IReadOnlyList<IReadOnlyDictionary<string, StoredTensor>> states, IReadOnlyList<MemberOutputs> outputs,
        Action<Models.SparseNet, IEnumerable<IReadOnlyDictionary<string, StoredTensor>>, string> mix)
    {
        var valY = context.Data.ValY;
        if (valY.shape[0] == 0) throw new DeterministicTaskFailure("the greedy soup ranks and adds ingredients by validation accuracy; set training.validation-size > 0");
        var accuracy = outputs.Select(o => Combining.Accuracy(o.Validation, valY)).ToList();
        var order = Enumerable.Range(0, states.Count).OrderByDescending(i => accuracy[i]).ThenBy(i => i).ToList();
        var used = new List<int> { order[0] };
        var best = accuracy[order[0]];
        foreach (var candidate in order.Skip(1))
        {
            mix(soup, used.Append(candidate).Select(i => states[i]), "a candidate soup");
            double value;
            using (var logits = MemberOutputs.Logits(soup, context.Data.ValX)) value = Combining.Accuracy(logits, valY);
            if (value > best)
            {
                used.Add(candidate);
                best = value;
            }
        }
        return used;
    }
}
