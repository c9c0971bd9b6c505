using System.Globalization;
using ActorSweep.Core.Ensembles;
using ActorSweep.Core.Options;
using ActorSweep.Core.Sparsity;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods.Edst;

/// <summary>
/// EDST's options: M refine phases after an exploration phase of <c>explore-fraction</c> of training (FreeTickets'
/// README: 150 of 450 epochs), a large prune-and-regrow of <c>large-drop-fraction</c> (0.8) of the active weights at
/// the start of every later phase, the learning rate while exploring (<c>exploration-lr</c>: <c>constant</c>, the base rate,
/// as the reference README's <c>--nolrsche</c> runs it — the default from <see cref="DefaultsVersion.Release4"/>; or
/// <c>schedule</c>, the trial's own schedule, what earlier studies ran), and the DST ensemble's sparse-training keys.
/// </summary>
public sealed record EdstOptions(int Members, double ExploreFraction, double LargeDropFraction, double Sparsity, LayerDistribution Distribution,
    MaskUpdateSchedule Updates, bool? PruneFirstLayer, GrowthCriterion Growth)
{
    public const double DefaultExploreFraction = 1.0 / 3;
    public const double DefaultLargeDropFraction = 0.8;
    public const string ConstantExplorationLr = "constant";
    public const string ScheduledExplorationLr = "schedule";

    /// <summary>Whether exploration runs at the constant base rate (else the trial's schedule).</summary>
    public bool ConstantExploration { get; init; } = true;

    /// <summary>The learning rate at a step of exploration: the base rate, or the trial's schedule.</summary>
    public Func<int, double> ExplorationRate(TrainingHparams training) =>
        ConstantExploration ? _ => training.LearningRate : training.LearningRateAt;

    /// <summary>The schema, with FreeTickets' EDST defaults.</summary>
    public static readonly OptionSchema<EdstOptions> Schema = new(
        new[]
        {
            FreeTicketsOptions.MembersOption,
            new HparamDefinition(EdstKeys.ExploreFraction, HparamType.Double, DefaultExploreFraction, HparamChecks.OpenFraction),
            new HparamDefinition(HparamKeys.LargeDropFraction, HparamType.Double, DefaultLargeDropFraction, HparamChecks.OpenFraction),
            new HparamDefinition(EdstKeys.ExplorationLr, HparamType.String, ConstantExplorationLr, HparamChecks.OneOf(ConstantExplorationLr, ScheduledExplorationLr))
                .DefaultBefore(DefaultsVersion.Release4, ScheduledExplorationLr),
        }.Concat(FreeTicketsOptions.SparseTraining),
        v => new EdstOptions(v.Int(HparamKeys.Members), v.Double(EdstKeys.ExploreFraction), v.Double(HparamKeys.LargeDropFraction),
            v.Double(HparamKeys.Sparsity), LayerDistributions.From(v), MaskUpdateSchedule.From(v), v.BoolOrNull(HparamKeys.PruneFirstLayer), v.Choose(HparamKeys.Growth, GrowthCriteria.Words))
        {
            ConstantExploration = v.String(EdstKeys.ExplorationLr) == ConstantExplorationLr,
        });

    /// <summary>
    /// The phases of a run of <paramref name="iterations"/> steps (<c>minestone_calculation</c>): exploration up to E =
    /// ⌊explore-fraction·T⌋, then M refine phases of ⌊(T − E)/M⌋ steps (the last runs to T).
    /// </summary>
    public EdstPhases PhasesOf(int iterations)
    {
        var explore = (int)Math.Floor(ExploreFraction * iterations);
        return new EdstPhases(explore, (iterations - explore) / Members, Members, iterations);
    }
}

/// <summary>EDST's schedule in steps: exploration [0, E), refine phase i [E + i·L, E + (i+1)·L), the last to T.</summary>
public sealed record EdstPhases(int Explore, int PhaseLength, int Members, int Iterations)
{
    /// <summary>The first step of phase <paramref name="phase"/>.</summary>
    public int StartOf(int phase) => Explore + phase * PhaseLength;

    /// <summary>The step after the last of phase <paramref name="phase"/>.</summary>
    public int EndOf(int phase) => phase == Members - 1 ? Iterations : StartOf(phase + 1);

    /// <summary>The refine phase an evaluation after <paramref name="steps"/> steps belongs to, or −1 during exploration.</summary>
    public int PhaseAfter(int steps) => steps <= Explore ? -1 : Math.Min(Members - 1, (steps - Explore - 1) / PhaseLength);

    /// <summary>The learning rate at a step: <paramref name="explore"/> while exploring; then 0.1× the base for the first half of each phase and 0.01× for the second (0.01 / 0.001 of 0.1).</summary>
    public double LearningRate(int step, double baseRate, Func<int, double> explore)
    {
        if (step < Explore) return explore(step);
        var phase = Math.Min(Members - 1, (step - Explore) / PhaseLength);
        var half = StartOf(phase) + (int)Math.Ceiling((EndOf(phase) - StartOf(phase)) / 2.0);
        return baseRate * (step < half ? 0.1 : 0.01);
    }

    /// <summary>Describes the schedule for errors.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"exploration {Explore} steps, {Members} phases of {PhaseLength}");
}
