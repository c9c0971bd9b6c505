using ActorSweep.Core.Methods.AtInit;
using ActorSweep.Core.Methods.Dense;
using ActorSweep.Core.Methods.Dynamic;
using ActorSweep.Core.Methods.Lmc;
using ActorSweep.Core.Methods.Imp;
using ActorSweep.Core.Methods.OneShot;

namespace ActorSweep.Core.Methods;

/// <summary>
/// The methods a study may name, in one explicit dictionary (no reflection scanning). A name not here
/// is a validation error that lists these, never a silent fallback.
/// </summary>
public static class MethodRegistry
{
    private static readonly IReadOnlyDictionary<string, IMethodDefinition> Methods =
        new IMethodDefinition[]
            {
                new DenseMethod(), new ImpMethod(), new OneShotMethod(),
                PruneAtInitMethod.CreateSnip(), PruneAtInitMethod.CreateGrasp(), PruneAtInitMethod.CreateSynFlow(), PruneAtInitMethod.CreateRandom(),
                DynamicSparseMethod.CreateSet(), DynamicSparseMethod.CreateRigL(),
                new LinearModeMethod(),
            }
            .ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Known method names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = Methods.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

    /// <summary>The method, or null.</summary>
    public static IMethodDefinition? Find(string name) => Methods.GetValueOrDefault(name);

    /// <summary>The method; throws listing the known names.</summary>
    public static IMethodDefinition Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"unknown method '{name}'; known methods: {string.Join(", ", Names)}");
}
