namespace ActorSweep.Core.Study;

/// <summary>
/// The dataset and model names the running build knows. Core cannot see Training's registries, so
/// the composition root passes them in; validation then rejects unknown names by listing these.
/// </summary>
/// <param name="Datasets">Known dataset names.</param>
/// <param name="IsModel">Whether a model name is known (models may be patterns like <c>lenet-H1-H2</c>).</param>
/// <param name="ModelNames">Human-readable list of models for error messages.</param>
public sealed record StudyCatalog(IReadOnlyCollection<string> Datasets, Func<string, bool> IsModel, string ModelNames)
{
    /// <summary>A catalog that accepts any name (for tools that only look at the study's shape).</summary>
    public static readonly StudyCatalog Any = new(Array.Empty<string>(), _ => true, "any");
}
