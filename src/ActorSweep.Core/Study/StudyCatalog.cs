namespace ActorSweep.Core.Study;

/// <summary>
/// The dataset and model names the running build knows, and which models it can map onto each other.
/// Core cannot see Training's registries, so the composition root passes them in; validation then
/// rejects unknown names by listing these, and cross-trial edges between models the build cannot map.
/// </summary>
/// <param name="Datasets">Known dataset names.</param>
/// <param name="IsModel">Whether a model name is known (models may be patterns like <c>lenet-H1-H2</c>).</param>
/// <param name="ModelNames">Human-readable list of models for error messages.</param>
public sealed record StudyCatalog(IReadOnlyCollection<string> Datasets, Func<string, bool> IsModel, string ModelNames)
{
    /// <summary>A catalog that accepts any name (for tools that only look at the study's shape).</summary>
    public static readonly StudyCatalog Any = new(Array.Empty<string>(), _ => true, "any");

    /// <summary>
    /// Why networks of model <c>from</c> cannot be mapped onto model <c>to</c> with the given mapping text (null:
    /// the build's default mapping), or null when they can. Null (the default) maps a model only onto itself.
    /// </summary>
    public Func<string, string, string?, string?>? ModelMapping { get; init; }

    /// <summary>The facts of a dataset (shape, sizes), or null when the build does not say (then they are not checked).</summary>
    public Func<string, DatasetFacts?> Facts { get; init; } = _ => null;

    /// <summary>The facts of a model (batch norm), or null when the build does not say (then they are not checked).</summary>
    public Func<string, ModelFacts?> ModelFactsOf { get; init; } = _ => null;

    /// <summary>
    /// Multiply-adds of one forward pass of <c>model</c> on one example of <c>dataset</c>, or null when unknown: how the
    /// scheduler weighs tasks of different models (<see cref="Tasks.TaskWork"/>). Null (the default): every model costs the same.
    /// </summary>
    public Func<string, string, double?>? ModelCost { get; init; }

    /// <summary>Why <c>model</c> cannot take the images of a dataset with these facts, or null when it can (not checked when null).</summary>
    public Func<string, DatasetFacts, string?>? CheckModelInput { get; init; }

    /// <summary>Why a network of <paramref name="from"/> cannot become one of <paramref name="to"/> (by <paramref name="mapping"/>, or the default one when null); null when it can.</summary>
    public string? CheckModelMapping(string from, string to, string? mapping = null) =>
        ModelMapping is { } map ? map(from, to, mapping)
        : from == to && mapping is null ? null : $"this build maps a network only onto the same model, not {from} onto {to}";
}
