using ActorSweep.Core.Study;

namespace ActorSweep.Core.Methods;

/// <summary>
/// What a method sees while it plans a trial: the trial, the study's other trials, and a way to build on
/// one of them. Resolving a reference plans the other trial first (so its task ids exist); a reference
/// that matches no trial, several trials, a trial that depends back on this one, or a model that cannot
/// be mapped is recorded as a validation error and resolves to null.
/// </summary>
public sealed class PlanContext
{
    private readonly Func<TrialReference, PlannedTrial?> _resolve;
    private readonly Action<string, string> _refuse;

    internal PlanContext(TrialSpec trial, IReadOnlyList<TrialSpec> studyTrials, int defaultsVersion, Func<TrialReference, PlannedTrial?> resolve,
        Action<string, string> refuse)
    {
        _refuse = refuse;
        Trial = trial;
        DefaultsVersion = defaultsVersion;
        StudyTrials = studyTrials;
        _resolve = resolve;
    }

    /// <summary>The trial being planned.</summary>
    public TrialSpec Trial { get; }

    /// <summary>The study's <see cref="Study.DefaultsVersion"/>.</summary>
    public int DefaultsVersion { get; }

    /// <summary>Every trial of the study, this one included.</summary>
    public IReadOnlyList<TrialSpec> StudyTrials { get; }

    /// <summary>The one trial <paramref name="reference"/> matches, planned; null (and an error) otherwise.</summary>
    public PlannedTrial? Resolve(TrialReference reference) => _resolve(reference);

    /// <summary>
    /// The edge to round <paramref name="round"/> (main branch) of the study's <paramref name="sourceMethod"/> trial of this
    /// trial's model, dataset and seed — the network a soup's ingredients or WiSE-FT fine-tune (<see cref="Tasks.HparamKeys.SourceMethod"/>,
    /// <see cref="Tasks.HparamKeys.SourceRound"/>); null, with the study refused, when there is no such trial or round.
    /// <paramref name="mapsModel"/>: the source may be another model the build maps onto this one.
    /// </summary>
    public PlanEdge? SourceRound(string sourceMethod, int round, bool mapsModel = false)
    {
        var trial = Trial;
        var source = Resolve(new TrialReference(Tasks.HparamKeys.SourceMethod, $"the {sourceMethod} trial of {trial.Model} on {trial.Dataset}, seed {trial.Seed}",
            t => t.Method == sourceMethod && t.Model == trial.Model && t.Dataset == trial.Dataset && t.Seed == trial.Seed, mapsModel));
        if (source is null) return null;
        var index = source.IndexOf(round, Tasks.Branches.Main);
        if (index >= 0) return source.Edge(index);
        Refuse(Tasks.HparamKeys.SourceRound, $"round {round} is not a round of the {sourceMethod} trial (its rounds are {string.Join(", ", source.Nodes.Where(n => n.Branch == Tasks.Branches.Main).Select(n => n.Round))})");
        return null;
    }

    /// <summary>
    /// Refuses the study: an error at <c>methods[i].&lt;optionKey&gt;</c> of this trial's block, with the file and
    /// line (for what only a plan can see, e.g. an option that must agree with the trial it builds on).
    /// </summary>
    public void Refuse(string optionKey, string message) => _refuse(optionKey, message);
}
