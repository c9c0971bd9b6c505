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
    /// Refuses the study: an error at <c>methods[i].&lt;optionKey&gt;</c> of this trial's block, with the file and
    /// line (for what only a plan can see, e.g. an option that must agree with the trial it builds on).
    /// </summary>
    public void Refuse(string optionKey, string message) => _refuse(optionKey, message);
}
