using ActorSweep.Core.Layout;
using ActorSweep.Core.Methods.EarlyBird;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;
using static TorchSharp.torch;
using ActorSweep.Training.Numerics;

namespace ActorSweep.Training.Methods.EarlyBird;

/// <summary>
/// Early-Bird tickets. Round 0 trains the dense network from θ0 with the reference's L1 subgradient s·sign(γ) on every
/// batch-norm scale (<c>updateBN</c>) and draws a mask every <c>check-every</c> steps (from step 0, as the reference checks
/// at each epoch start); when the ticket emerges the run stops, and its weights (<c>final.pt</c>), the ticket mask and the
/// draw iteration (<c>early-bird.pt</c>) are saved. Round 1 trains the ticket from the drawn weights from the draw
/// iteration to the end of the schedule (EB Train, the reference's <c>retrain_continue</c> from <c>--start-epoch</c>); the
/// <c>random-reinit</c> control trains the same mask from a fresh initialisation over the same iterations.
/// </summary>
/// <remarks>
/// The reference's <c>main_c.py</c> builds the smaller network of the pruned configuration and does not copy the EB
/// weights into it, so its "continue" retraining is in fact the re-init control here; EB Train as the paper describes it
/// ("continue to train merely the EB ticket") keeps the drawn weights. Channels are removed by masking the producing
/// filters and the consuming inputs rather than by building a narrower network: the function is the same, the
/// arithmetic is not smaller on this CPU. When no ticket emerges before training ends, the dense row has no draw and
/// the children fail by name.
/// </remarks>
public sealed class EarlyBirdTrainer : MethodTrainer<EarlyBirdOptions>
{
    /// <summary>The artifact holding the ticket's mask and draw iteration.</summary>
    public const string TicketArtifact = "early-bird.pt";

    private const string DrawEntry = "draw_iteration";

    /// <summary>The trainer.</summary>
    public EarlyBirdTrainer() : base(new EarlyBirdMethod()) { }

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, EarlyBirdOptions options) => context.Task switch
    {
        { Round: 0, Branch: Branches.Main } => Search(context, options),
        { Round: 1, Branch: Branches.Main } => Retrain(context, options, context.NewModel(), loadDrawn: true),
        { Round: 1, Branch: Branches.RandomReinit } => Retrain(context, options, context.NewModel(context.Random.ReinitControl(1)), loadDrawn: false),
        _ => throw UnknownBranch(context),
    };

    private static TrainedTask Search(TaskContext context, EarlyBirdOptions options)
    {
        var model = context.NewModel(context.Random.Initialisation);
        var criterion = EarlyBirdTicket.CriterionFor(options.Criterion, model);
        var interval = options.CheckInterval(context.TrainSplit.Count / context.Training.BatchSize);
        var queue = new EarlyBirdQueue(options.MasksKept, options.Epsilon);
        int? drawnAt = null;
        Mask? ticket = null;
        var hooks = new TrainingHooks
        {
            AfterStep = done =>
            {
                if (drawnAt is not null || done % interval != 0) return;
                var (positions, mask) = EarlyBirdTicket.Draw(model, criterion, options.Ratio);
                if (!queue.Put(positions)) return;
                drawnAt = done;
                ticket = mask;
            },
            StopAfter = _ => drawnAt is not null,
            BeforeStep = criterion == EarlyBirdOptions.BatchNorm ? BatchNormL1(model, options.BnL1) : null,
        };
        var dense = Mask.Ones(model.PrunableLayers);
        var outcome = context.StartAndTrain(model, dense, 0, hooks);
        if (drawnAt is not { } at) return TrainedTask.Of(model, dense, outcome);
        context.Artifacts.SaveMask(context.Task.TaskId, ticket!, TicketArtifact, new[] { (DrawEntry, new long[] { 1 }, (Array)new long[] { at }) });
        return TrainedTask.Of(model, dense, outcome) with { Measurements = Drawn(context, at) };
    }

    private static TrainedTask Retrain(TaskContext context, EarlyBirdOptions options, SparseNet model, bool loadDrawn)
    {
        var search = context.Parent();
        if (!context.Artifacts.Exists(search, TicketArtifact))
            throw new DeterministicTaskFailure($"no Early-Bird ticket emerged in the search run {search}: the mask distance never stayed within ε over the kept checks before training ended");
        var ticket = context.Artifacts.LoadMask(search, model.PrunableLayers, TicketArtifact);
        var at = (int)((long[])context.Artifacts.ReadState(search, TicketArtifact)[DrawEntry].Data)[0];
        if (loadDrawn) context.Artifacts.LoadWeights(search, ArtifactNames.Final, model);
        var penalty = options.RetrainBnL1 && EarlyBirdTicket.CriterionFor(options.Criterion, model) == EarlyBirdOptions.BatchNorm ? BatchNormL1(model, options.BnL1) : null;
        return TrainedTask.Of(model, ticket, context.StartAndTrain(model, ticket, at, new TrainingHooks { BeforeStep = penalty })) with { Measurements = Drawn(context, at) };
    }

    /// <summary>
    /// The reference's <c>updateBN</c>: after the backward pass, s·sign(γ) is added to the gradient of every batch-norm
    /// scale γ (the subgradient of s·Σ|γ|); null when s is 0.
    /// </summary>
    internal static Action<SparseNet>? BatchNormL1(SparseNet model, double s)
    {
        if (s <= 0) return null;
        var scales = model.ChannelGroups.Select(g => model.ParametersByName()[g.BatchNormScale]).ToArray();
        return _ =>
        {
            using var noGrad = no_grad();
            foreach (var g in scales) g.grad?.PlusInPlace(HeldScalars.With(s, l1 => g.detach().sign().mul_(l1)));
        };
    }

    private static Measurements Drawn(TaskContext context, int at) => Measurements.Of(
        (EarlyBirdMeasurements.TicketDrawnAt.Name, at),
        (EarlyBirdMeasurements.TrainingSaved.Name, (context.Training.Iterations - at) / (double)context.Training.Iterations));
}
