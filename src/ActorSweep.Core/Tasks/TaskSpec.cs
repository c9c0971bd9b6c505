namespace ActorSweep.Core.Tasks;

/// <summary>
/// One training run of a study: a round of a trial, a control branch off a round, or a step that
/// combines the networks of several tasks. Everything a trainer on any node needs to run it, and
/// nothing that depends on where or when it runs, so the same spec always yields the same <see cref="TaskId"/>.
/// </summary>
/// <param name="TaskId">Stable hash of the canonical hyperparameters and the place in the graph.</param>
/// <param name="TrialId">Stable hash of the trial (grid point × seed × method).</param>
/// <param name="Study">The study's name.</param>
/// <param name="Method">Registered method name, e.g. <c>imp</c>, <c>oneshot</c>, <c>dense</c>.</param>
/// <param name="Branch"><see cref="Branches.Main"/> for the lineage itself, or a control such as <see cref="Branches.RandomReinit"/>.</param>
/// <param name="Round">0 = dense training; k = the k-th pruning round.</param>
/// <param name="Seed">The trial's seed (initialisation and data order).</param>
/// <param name="ParentTaskIds">The tasks whose artifacts this one starts from, in order (none for a root); they may
/// belong to other trials of the study. The task is ready once all of them have completed.</param>
/// <param name="RootTaskId">The trial's first task (round 0: θ0 and θ_k) when it is an ancestor of this one (so it has
/// completed before this task starts); null for that task itself and for tasks that do not descend from it.</param>
/// <param name="Hparams">Canonical hyperparameters of the trial (dataset, model, training.*, method.*).</param>
public sealed record TaskSpec(
    string TaskId,
    string TrialId,
    string Study,
    string Method,
    string Branch,
    int Round,
    int Seed,
    IReadOnlyList<string> ParentTaskIds,
    string? RootTaskId,
    Hparams Hparams)
{
    /// <summary>
    /// The study's <see cref="ActorSweep.Core.Study.DefaultsVersion"/>: what keys left out of <see cref="Hparams"/> mean and how
    /// the task trains. Not part of the id (a study resumes with the ids and the behaviour it started with).
    /// </summary>
    public int DefaultsVersion { get; init; } = ActorSweep.Core.Study.DefaultsVersion.Current;

    /// <summary>
    /// What decides this task's result (<see cref="TaskIdentity.ResultKey"/>): the key of its entry in the task store. Equal
    /// to another study's task's when they compute the same numbers though their ids differ (more rounds, other controls);
    /// null for a spec not built by a task graph. Not part of the id or of equality.
    /// </summary>
    public string? ResultKey { get; init; }

    /// <summary>The dataset name (<c>mnist</c>, <c>fashion-mnist</c>, <c>synthetic</c> …).</summary>
    public string Dataset => Hparams.GetString(HparamKeys.Dataset);

    /// <summary>The model name (<c>lenet-300-100</c> …).</summary>
    public string Model => Hparams.GetString(HparamKeys.Model);

    /// <summary>The parent list of a task with at most one parent.</summary>
    public static IReadOnlyList<string> ParentsOf(string? parent) => parent is null ? Array.Empty<string>() : new[] { parent };

    /// <summary>The first parent (the one a lineage continues from), or null for a root.</summary>
    public string? ParentTaskId => ParentTaskIds.Count > 0 ? ParentTaskIds[0] : null;

    /// <summary>Every task whose artifacts this one reads: its parents, then its trial's root.</summary>
    public IReadOnlyList<string> InputTaskIds =>
        ParentTaskIds.Append(RootTaskId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    public bool Equals(TaskSpec? other) =>
        other is not null && TaskId == other.TaskId && TrialId == other.TrialId && Study == other.Study && Method == other.Method
        && Branch == other.Branch && Round == other.Round && Seed == other.Seed && ParentTaskIds.SequenceEqual(other.ParentTaskIds)
        && RootTaskId == other.RootTaskId && Hparams.Equals(other.Hparams) && DefaultsVersion == other.DefaultsVersion;

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(TaskId);
}
