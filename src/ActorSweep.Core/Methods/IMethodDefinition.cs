using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods;

/// <summary>
/// What Core knows of a method: the options a study may give it and the tasks it plans for a trial.
/// How a task is trained lives in Training, in a trainer registered under the same name. Implement it
/// through <see cref="MethodDefinition{TOptions}"/>, which binds typed options once.
/// </summary>
public interface IMethodDefinition
{
    /// <summary>The name written in study files.</summary>
    string Name { get; }

    /// <summary>One line for listings ("iterative magnitude pruning (Frankle &amp; Carbin 2019)").</summary>
    string Summary { get; }

    /// <summary>The <c>method.*</c> keys this method accepts, each with this method's default.</summary>
    IReadOnlyList<HparamDefinition> Options { get; }

    /// <summary>
    /// What of this method a block's <c>retraining { }</c> options apply to (<see cref="RetrainingSchema"/>), in a phrase
    /// for listings; null when the method has no retraining of a found mask (the block is then refused).
    /// </summary>
    string? Retraining { get; }

    /// <summary>
    /// The measurements this method adds to its tasks' rows (the <c>metrics</c> map of <c>trials</c>), with how the report
    /// shows them; empty for most methods. A name is unique in the build (a test checks it).
    /// </summary>
    IReadOnlyList<MeasurementDefinition> Measurements { get; }

    /// <summary>
    /// Whether a task of <paramref name="branch"/> trains with its trial's training options as they are — so its dense
    /// rows can stand for the trial's dense network in the report's "Δ vs dense". False for a branch that trains otherwise
    /// than the options say (a CARD-Deck's cards, each under its group's augmentation, and the decks built of them).
    /// </summary>
    bool TrainsAsItsTrial(string branch);

    /// <summary>
    /// Checks option combinations a single key cannot (e.g. rewind point within training), and what the options ask of
    /// the trial's dataset and model where their facts are known (<paramref name="facts"/>; unknown when null).
    /// Every refusal a trainer could raise about options belongs here, so that it stops at <c>validate</c>.
    /// </summary>
    IEnumerable<string> Validate(Hparams trial, int defaultsVersion = DefaultsVersion.Current, TrialFacts? facts = null);

    /// <summary>
    /// The trial's tasks, parents before children. A node's parents are earlier nodes of the same plan
    /// or nodes of other trials of the study, found through <paramref name="context"/>.
    /// </summary>
    IReadOnlyList<PlanNode> Plan(PlanContext context);
}
