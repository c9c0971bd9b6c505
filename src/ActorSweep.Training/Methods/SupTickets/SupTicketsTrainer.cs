using System.Globalization;
using ActorSweep.Core.Methods.SupTickets;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Artifacts;
using ActorSweep.Training.Ensembles;
using ActorSweep.Training.Models;
using ActorSweep.Training.Pruning;
using ActorSweep.Training.Pruning.Dynamic;
using ActorSweep.Training.Runner;
using ActorSweep.Training.Training;

namespace ActorSweep.Training.Methods.SupTickets;

/// <summary>
/// Sup-tickets (luuyin/Sup-tickets <c>CIFAR/main_suptickets.py</c>). The run: dynamic sparse training from θ0 and a random
/// ERK mask with the trial's schedule until the cyclic phase, whose M cycles each open with a prune-and-regrow of
/// <c>large-drop-fraction</c> of every layer's active weights (<c>re_explore</c>) and follow the triangular learning rate
/// lr₁ → lr₂ → lr₁, regular mask updates off (<c>no_maskupdates</c>). The network when the phase starts is the first
/// superposition (<c>model_previous.pth</c>); at the end of cycle k the live network is ticket k, and the superposition
/// becomes (CAA, factor 1/(k + 1)) soup·k/(k + 1) + ticket/(k + 1), re-pruned globally by magnitude to the run's density
/// over its sparse layers (|w| ≥ the kept-th largest), batch norm recalibrated on the training data (<c>update_bn</c>).
/// Training goes on with the live network. The run's row is the last single ticket; the <c>superposed</c> task evaluates
/// the last superposition and compares it with the M tickets in <c>combinations</c>.
/// </summary>
public sealed class SupTicketsTrainer : MethodTrainer<SupTicketsOptions>
{
    /// <summary>The combination kind in the <c>combinations</c> dataset.</summary>
    public const string Kind = "superposition";

    /// <summary>The last superposed ticket's weights.</summary>
    public const string SuperposedArtifact = "superposed.pt";

    /// <summary>The last superposed ticket's mask.</summary>
    public const string SuperposedMaskArtifact = "superposed-mask.pt";

    /// <summary>The trainer.</summary>
    public SupTicketsTrainer() : base(new SupTicketsMethod()) { }

    /// <summary>The superposition after cycle <paramref name="cycle"/> (0: the network when the cyclic phase starts).</summary>
    public static string SuperpositionArtifact(int cycle) => string.Create(CultureInfo.InvariantCulture, $"superposed-{cycle}.pt");

    /// <summary>The artifact of cycle <paramref name="cycle"/>'s ticket (from 1).</summary>
    public static string TicketArtifact(int cycle) => string.Create(CultureInfo.InvariantCulture, $"ticket-{cycle}.pt");

    /// <inheritdoc />
    protected override TrainedTask Train(TaskContext context, SupTicketsOptions options) => context.Task.Branch switch
    {
        Branches.Main => Run(context, options),
        SupTicketsBranches.Superposed => Superposed(context, options),
        _ => throw UnknownBranch(context),
    };

    private static TrainedTask Run(TaskContext context, SupTicketsOptions options)
    {
        var training = context.Training;
        var total = training.Iterations;
        var (cyclicStart, length) = (options.CyclicStart(total), options.CycleLength(total));
        var start = DynamicSparseTraining.Start(context, options.Sparsity, options.Distribution, options.PruneFirstLayer, context.Random);
        var regular = new DynamicSparsity(options.Growth, total, options.Updates, context.Random.MaskUpdates, start.DenseLayers);
        var updates = new PhasedMaskUpdates(regular, Enumerable.Range(0, options.Cycles).Select(k => cyclicStart + k * length), options.LargeDropFraction, regularUntil: cyclicStart);
        var superposition = new Superposition(context, start.DenseLayers, 1 - options.Sparsity, options.UpdateBatchNorm);
        var hooks = new TrainingHooks
        {
            MaskUpdater = updates,
            LearningRate = step => step < cyclicStart ? training.LearningRateAt(step) : options.CyclicLearningRate(step, total),
            AfterStep = done =>
            {
                if (done == cyclicStart) superposition.Begin(start.Model);
                else if (done > cyclicStart && (done - cyclicStart) % length == 0) superposition.Add(start.Model, (done - cyclicStart) / length);
            },
        };
        return TrainedTask.Of(start.Model, start.Mask, context.StartAndTrain(start.Model, start.Mask, 0, hooks));
    }

    private static TrainedTask Superposed(TaskContext context, SupTicketsOptions options)
    {
        var run = context.Parent();
        var model = context.NewModel();
        context.Artifacts.LoadWeights(run, SuperposedArtifact, model);
        var mask = context.Artifacts.LoadMask(run, model.PrunableLayers, SuperposedMaskArtifact);
        var outputs = new List<MemberOutputs>();
        try
        {
            using (var ticket = context.NewModel())
            {
                for (var k = 1; k <= options.Cycles; k++)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    context.Artifacts.LoadWeights(run, TicketArtifact(k), ticket);
                    outputs.Add(MemberOutputs.Of(ticket, context.Data.ValX, context.Data.TestX));
                }
            }
            context.Start(model, mask);
            var outcome = context.Train(model, mask, context.Training.Iterations);   // evaluation only
            double nll;
            using (var logits = MemberOutputs.Logits(model, context.Data.TestX)) nll = Combining.NllOfLogits(logits, context.Data.TestY);
            var combination = EnsembleTask.Compare(Kind, outputs.Select(o => o.Test).ToList(), outputs.Select(o => o.Validation).ToList(),
                context.Data.TestY, context.Data.ValY, outcome.TestAccuracyFinal, nll, options.Cycles);
            return TrainedTask.Of(model, mask, outcome) with { Combination = combination };
        }
        finally
        {
            foreach (var o in outputs) o.Dispose();
        }
    }

    /// <summary>The running superposition of a run's cheap tickets (CAA), pruned and recalibrated after each cycle.</summary>
    private sealed class Superposition
    {
        private readonly TaskContext _context;
        private readonly IReadOnlyCollection<string> _denseLayers;
        private readonly double _density;
        private readonly bool _updateBatchNorm;
        private Dictionary<string, StoredTensor>? _soup;

        public Superposition(TaskContext context, IReadOnlyCollection<string> denseLayers, double density, bool updateBatchNorm)
        {
            _context = context;
            _denseLayers = denseLayers;
            _density = density;
            _updateBatchNorm = updateBatchNorm;
        }

        public void Begin(SparseNet live)
        {
            _soup = ArtifactStore.StateOf(live);
            _context.Artifacts.SaveWeights(_context.Task.TaskId, SuperpositionArtifact(0), live);
        }

        public void Add(SparseNet live, int cycle)
        {
            var soup = _soup ?? throw new InvalidOperationException("the cyclic phase has not begun");
            var task = _context.Task.TaskId;
            _context.Artifacts.SaveWeights(task, TicketArtifact(cycle), live);
            var ticket = ArtifactStore.StateOf(live);
            var factor = 1.0 / (cycle + 1);
            var averaged = soup.ToDictionary(kv => kv.Key, kv => kv.Value.Data is float[] s && ticket[kv.Key].Data is float[] t
                ? new StoredTensor(kv.Value.Shape, s.Zip(t, (a, b) => (float)(a * (1 - factor) + b * factor)).ToArray())
                : ticket[kv.Key], StringComparer.Ordinal);
            using var model = _context.NewModel();
            var mask = Prune(model.PrunableLayers, averaged);
            foreach (var l in model.PrunableLayers)
            {
                var w = (float[])averaged[l.Name].Data;
                var m = mask[l.Name];
                for (var i = 0; i < w.Length; i++) w[i] *= m[i];
            }
            ArtifactStore.CopyInto(model, averaged, "the superposition");
            if (_updateBatchNorm) BatchNormRecalibration.Run(model, _context.Data.TrainX, _context.Training.BatchSize);
            _soup = ArtifactStore.StateOf(model);
            _context.Artifacts.SaveWeights(task, SuperpositionArtifact(cycle), model);
            _context.Artifacts.SaveWeights(task, SuperposedArtifact, model);
            _context.Artifacts.SaveMask(task, mask, SuperposedMaskArtifact);
        }

        /// <summary>The reference's global re-pruning: over the run's sparse layers keep |w| ≥ the ⌊N·density⌋-th largest.</summary>
        private Mask Prune(IReadOnlyList<PrunableLayer> layers, IReadOnlyDictionary<string, StoredTensor> state)
        {
            var sparse = layers.Where(l => !_denseLayers.Contains(l.Name)).ToList();
            var magnitudes = sparse.SelectMany(l => ((float[])state[l.Name].Data).Select(Math.Abs)).ToArray();
            var keep = (int)(magnitudes.Length * _density);
            var threshold = keep == 0 ? float.PositiveInfinity : magnitudes.OrderDescending().ElementAt(keep - 1);
            return new Mask(layers, layers.ToDictionary(l => l.Name, l => _denseLayers.Contains(l.Name)
                ? Enumerable.Repeat(1f, checked((int)l.Count)).ToArray()
                : ((float[])state[l.Name].Data).Select(w => Math.Abs(w) >= threshold ? 1f : 0f).ToArray(), StringComparer.Ordinal));
        }
    }
}
