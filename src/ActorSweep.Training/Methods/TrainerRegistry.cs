using ActorSweep.Training.Methods.Colt;
using ActorSweep.Training.Methods.Dense;
using ActorSweep.Training.Methods.DstEnsemble;
using ActorSweep.Training.Methods.Edst;
using ActorSweep.Training.Methods.Elastic;
using ActorSweep.Training.Methods.Grasp;
using ActorSweep.Training.Methods.Imp;
using ActorSweep.Training.Methods.Lmc;
using ActorSweep.Training.Methods.OneShot;
using ActorSweep.Training.Methods.RandomPruning;
using ActorSweep.Training.Methods.Rigl;
using ActorSweep.Training.Methods.Set;
using ActorSweep.Training.Methods.Snip;
using ActorSweep.Training.Methods.SynFlow;
using ActorSweep.Training.Methods.Card;
using ActorSweep.Training.Methods.Soup;
using ActorSweep.Training.Methods.WiseFt;

namespace ActorSweep.Training.Methods;

/// <summary>
/// The trainers of this build, by method name, in one explicit list (Core's <c>MethodRegistry</c> lists the
/// same names; a test fails when they disagree). A task whose method has no trainer fails loudly by name.
/// </summary>
public sealed class TrainerRegistry
{
    private readonly IReadOnlyDictionary<string, IMethodTrainer> _trainers;

    /// <summary>A registry of <paramref name="trainers"/>; names must be unique.</summary>
    public TrainerRegistry(IEnumerable<IMethodTrainer> trainers)
    {
        var byName = new Dictionary<string, IMethodTrainer>(StringComparer.Ordinal);
        foreach (var t in trainers)
            if (!byName.TryAdd(t.Method, t)) throw new ArgumentException($"method '{t.Method}' has two trainers", nameof(trainers));
        _trainers = byName;
        Names = byName.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every trainer of this build.</summary>
    public static TrainerRegistry Default { get; } = new(new IMethodTrainer[]
    {
        new DenseTrainer(), new ImpTrainer(), new OneShotTrainer(),
        new SnipTrainer(), new GraspTrainer(), new SynFlowTrainer(), new RandomPruningTrainer(),
        new SetTrainer(), new RiglTrainer(), new Snfs.SnfsTrainer(), new EarlyBird.EarlyBirdTrainer(), new SupTickets.SupTicketsTrainer(),
        new LmcTrainer(),
        new ElasticTrainer(), new DstEnsembleTrainer(), new EdstTrainer(), new SoupTrainer(), new WiseFtTrainer(), new CardTrainer(), new ColtTrainer(),
    });

    /// <summary>The method names that have a trainer, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The trainer of <paramref name="method"/>; throws naming it and the known ones.</summary>
    public IMethodTrainer Get(string method) =>
        _trainers.GetValueOrDefault(method) ?? throw new NotSupportedException($"method '{method}' has no trainer in this build; trainers exist for: {string.Join(", ", Names)}");

    /// <summary>This registry plus <paramref name="more"/> (tests register trainers of their own).</summary>
    public TrainerRegistry With(params IMethodTrainer[] more) => new(_trainers.Values.Concat(more));
}
