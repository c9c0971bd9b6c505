namespace ActorSweep.Core.Tasks;

/// <summary>
/// One training run of a study: a round of a trial, or a control branch off a round. Everything a
/// trainer on any node needs to run it, and nothing that depends on where or when it runs, so the
/// same spec always yields the same <see cref="TaskId"/>.
/// </summary>
/// <param name="TaskId">Stable hash of the canonical hyperparameters and the place in the lineage.</param>
/// <param name="TrialId">Stable hash of the trial (grid point × seed × method).</param>
/// <param name="Study">The study's name.</param>
/// <param name="Method">Registered method name, e.g. <c>imp</c>, <c>oneshot</c>, <c>dense</c>.</param>
/// <param name="Branch"><see cref="Branches.Main"/> for the lineage itself, or a control such as <see cref="Branches.RandomReinit"/>.</param>
/// <param name="Round">0 = dense training; k = the k-th pruning round.</param>
/// <param name="Seed">The trial's seed (initialisation and data order).</param>
/// <param name="ParentTaskId">The task whose trained weights/mask this one starts from; null for round 0.</param>
/// <param name="RootTaskId">The trial's round-0 task, which holds θ0 and θ_k; null for round 0 itself.</param>
/// <param name="Hparams">Canonical hyperparameters of the trial (dataset, model, training.*, method.*).</param>
public sealed record TaskSpec(
    string TaskId,
    string TrialId,
    string Study,
    string Method,
    string Branch,
    int Round,
    int Seed,
    string? ParentTaskId,
    string? RootTaskId,
    Hparams Hparams)
{
    /// <summary>The dataset name (<c>mnist</c>, <c>fashion-mnist</c>, <c>synthetic</c> …).</summary>
    public string Dataset => Hparams.GetString(HparamKeys.Dataset);

    /// <summary>The model name (<c>lenet-300-100</c> …).</summary>
    public string Model => Hparams.GetString(HparamKeys.Model);

    /// <summary>Tasks that must be completed before this one can run.</summary>
    public IReadOnlyList<string> DependsOn =>
        ParentTaskId is null ? Array.Empty<string>() : new[] { ParentTaskId };
}
