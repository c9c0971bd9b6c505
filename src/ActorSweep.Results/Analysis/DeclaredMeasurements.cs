using ActorSweep.Core.Methods;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Results.Analysis;

/// <summary>
/// Every measurement the build's methods declare (<see cref="IMethodDefinition.Measurements"/>), in method-name order and
/// each method's own order, then what the report reads from the <c>robustness</c> dataset
/// (<see cref="Core.Robustness.ShiftMeasurements"/>): the report's extra columns and the metrics <c>report --metric</c> accepts beyond the shared ones.
/// </summary>
public static class DeclaredMeasurements
{
    /// <summary>The measurements; a name declared by two methods must mean the same (the first declaration is shown).</summary>
    public static IReadOnlyList<MeasurementDefinition> All { get; } = MethodRegistry.Default.Names
        .SelectMany(name => MethodRegistry.Default.Get(name).Measurements)
        .Concat(Core.Robustness.ShiftMeasurements.All)
        .DistinctBy(m => m.Name, StringComparer.Ordinal)
        .ToArray();
}
