using ActorSweep.Core.Tasks;

namespace ActorSweep.Training.Randomness;

/// <summary>
/// Every random stream of a task, named, in one place. Each is a seed derived from the trial's seed (and,
/// where a trial draws once per round, from the round), so two tasks draw the same numbers exactly when they
/// should: a control of round k re-initialises differently from the trial's θ0, a rewound run replays the
/// dense run's data order from iteration k, and concurrent slots never share a generator. These values are
/// pinned by <c>RandomStreamsTests</c> like task ids: changing one changes every result.
/// </summary>
/// <param name="TrialSeed">The trial's seed (<see cref="TaskSpec.Seed"/>).</param>
public readonly record struct RandomStreams(ulong TrialSeed)
{
    /// <summary>The streams of a task's trial.</summary>
    public static RandomStreams Of(TaskSpec task) => new((ulong)task.Seed);

    /// <summary>θ0: the trial's initialisation (dense round, pruning at init, dynamic sparse training).</summary>
    public ulong Initialisation => TrialSeed;

    /// <summary>The trial's data order (epoch permutations and the augmentation of each iteration).</summary>
    public ulong DataOrder => TrialSeed;

    /// <summary>The data order of copy <paramref name="copy"/> (0, 1) of a pair trained from the same weights (LMC).</summary>
    public ulong CopyDataOrder(int copy) => Derive(0, Purpose.CopyDataOrder + copy);

    /// <summary>The fresh initialisation of round <paramref name="round"/>'s random re-init control.</summary>
    public ulong ReinitControl(int round) => Derive(round, Purpose.ReinitControl);

    /// <summary>The positions of round <paramref name="round"/>'s random-mask control.</summary>
    public ulong RandomMaskControl(int round) => Derive(round, Purpose.RandomMaskControl);

    /// <summary>The fresh initialisation of round <paramref name="round"/>'s Scratch-B control.</summary>
    public ulong ScratchControl(int round) => Derive(round, Purpose.ScratchControl);

    /// <summary>Pruning at init: the class-balanced scoring batch (SNIP, GraSP) or the random mask (random pruning).</summary>
    public ulong AtInitSampling => Derive(0, Purpose.AtInitSampling);

    /// <summary>Dynamic sparse training's initial random mask.</summary>
    public ulong SparseInitMask => Derive(0, Purpose.SparseInitMask);

    /// <summary>Dynamic sparse training's mask updates (tie-breaking noise, SET's random growth).</summary>
    public ulong MaskUpdates => Derive(0, Purpose.MaskUpdates);

    /// <summary>Elastic LTH's <c>random-copies</c> baseline: the shuffles of the later copies of round <paramref name="round"/>'s mapped mask.</summary>
    public ulong ElasticCopies(int round) => Derive(round, Purpose.ElasticCopies);

    /// <summary>The data order of a soup ingredient fine-tuned with data-order seed <paramref name="ingredientSeed"/>.</summary>
    public ulong IngredientDataOrder(int ingredientSeed) => Derive(ingredientSeed, Purpose.IngredientDataOrder);

    /// <summary>
    /// The streams of member <paramref name="member"/> (from 1) of an ensemble of independent runs: its own θ0, initial
    /// mask, data order and mask updates, all derived from the trial's seed and the member's number.
    /// </summary>
    public RandomStreams Member(int member) => new(Derive(member, Purpose.EnsembleMember));

    /// <summary>The trial's label noise (<c>training.label-noise</c>): the same for every round of the trial.</summary>
    public ulong LabelNoise => Derive(0, Purpose.LabelNoise);

    /// <summary>The permutation of epoch <paramref name="epoch"/> of a data order.</summary>
    public static ulong EpochOrder(ulong dataOrder, int epoch) => dataOrder * 1_000_003UL + (ulong)epoch;

    /// <summary>The augmentation of iteration <paramref name="iteration"/> of a data order (rewound runs replay it).</summary>
    public static ulong Augmentation(ulong dataOrder, int iteration) => dataOrder * 1_000_003UL + (ulong)iteration * 7919UL + 17UL;

    /// <summary>The mask update of layer <paramref name="layer"/> at step <paramref name="step"/>.</summary>
    public static ulong MaskUpdate(ulong maskUpdates, int step, int layer) => maskUpdates * 1_000_003UL + (ulong)step * 7919UL + (ulong)layer;

    private ulong Derive(int round, int purpose) => TrialSeed * 1_000_003UL + (ulong)round * 7919UL + (ulong)purpose;

    /// <summary>
    /// The purpose numbers of derived streams. A new stream takes a number not used here (and not 11 + copy
    /// for copies beyond the second): reusing one would correlate two streams that must be independent.
    /// </summary>
    public static class Purpose
    {
        public const int ReinitControl = 1;
        public const int RandomMaskControl = 2;
        public const int AtInitSampling = 3;
        public const int SparseInitMask = 4;
        public const int ScratchControl = 5;
        public const int MaskUpdates = 6;
        public const int ElasticCopies = 7;
        public const int IngredientDataOrder = 8;
        public const int EnsembleMember = 9;
        public const int CopyDataOrder = 11;   // 11 and 12: the two copies
        public const int LabelNoise = 20;
    }
}
