using ActorSweep.Core.Methods.Colt;
using ActorSweep.Core.Methods.Dense;
using ActorSweep.Core.Methods.DstEnsemble;
using ActorSweep.Core.Methods.Edst;
using ActorSweep.Core.Methods.Elastic;
using ActorSweep.Core.Methods.Grasp;
using ActorSweep.Core.Methods.Imp;
using ActorSweep.Core.Methods.Lmc;
using ActorSweep.Core.Methods.OneShot;
using ActorSweep.Core.Methods.RandomPruning;
using ActorSweep.Core.Methods.Rigl;
using ActorSweep.Core.Methods.Set;
using ActorSweep.Core.Methods.Snip;
using ActorSweep.Core.Methods.SynFlow;
using ActorSweep.Core.Methods.Card;
using ActorSweep.Core.Methods.Soup;
using ActorSweep.Core.Methods.WiseFt;

namespace ActorSweep.Core.Methods;

/// <summary>
/// The methods a study may name, in one explicit list (no reflection scanning). A name not here is a
/// validation error that lists these, never a silent fallback. Training keeps a registry of trainers
/// under the same names; a test fails when the two disagree.
/// </summary>
public sealed class MethodRegistry
{
    private readonly IReadOnlyDictionary<string, IMethodDefinition> _methods;

    /// <summary>A registry of <paramref name="methods"/>; names must be unique.</summary>
    public MethodRegistry(IEnumerable<IMethodDefinition> methods)
    {
        var byName = new Dictionary<string, IMethodDefinition>(StringComparer.Ordinal);
        foreach (var m in methods)
            if (!byName.TryAdd(m.Name, m)) throw new ArgumentException($"method '{m.Name}' is registered twice", nameof(methods));
        _methods = byName;
        Names = byName.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every method of this build.</summary>
    public static MethodRegistry Default { get; } = new(new IMethodDefinition[]
    {
        new DenseMethod(), new ImpMethod(), new OneShotMethod(),
        new SnipMethod(), new GraspMethod(), new SynFlowMethod(), new RandomPruningMethod(),
        new SetMethod(), new RiglMethod(), new Snfs.SnfsMethod(), new EarlyBird.EarlyBirdMethod(), new SupTickets.SupTicketsMethod(),
        new LmcMethod(),
        new ElasticMethod(), new DstEnsembleMethod(), new EdstMethod(), new SoupMethod(), new WiseFtMethod(), new CardMethod(), new ColtMethod(),
    });

    /// <summary>Known method names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The method, or null.</summary>
    public IMethodDefinition? Find(string name) => _methods.GetValueOrDefault(name);

    /// <summary>The method; throws listing the known names.</summary>
    public IMethodDefinition Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"unknown method '{name}'; known methods: {string.Join(", ", Names)}");

    /// <summary>This registry plus <paramref name="more"/> (tests register methods of their own).</summary>
    public MethodRegistry With(params IMethodDefinition[] more) => new(_methods.Values.Concat(more));
}
