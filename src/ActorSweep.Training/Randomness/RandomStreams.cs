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

    /// <summary>The trial's label noise (<c>training.label-noise</c>): the same for every round of the trial.</summary>
    public ulong LabelNoise => Derive(0, Purpose.LabelNoise);

    /// <summary>The permutation of epoch <paramref name="epoch"/> of a data order.</summary>
    public static ulong EpochOrder(ulong dataOrder, int epoch) => dataOrder * 1_000_003UL + (ulong)epoch;

    /// <summary>The augmentation of iteration <paramref name="iteration"/> of a data order (rewound runs replay it).</summary>
    public static ulong Augmentation(ulong dataOrder, int iteration) => dataOrder * 1_000_003UL + (ulong)iteration * 7919UL + 17UL;

    /// <summary>The random start of iteration <paramref name="iteration"/>'s adversarial examples (adversarial training; rewound runs replay it).</summary>
    public static ulong Adversarial(ulong dataOrder, int iteration) => dataOrder * 1_000_003UL + (ulong)iteration * 7919UL + 29UL;

    /// <summary>The images of iteration <paramref name="iteration"/> under <c>training.augmentation</c> (Gaussian noise, AugMix; rewound runs replay it).</summary>
    public static ulong TrainingAugmentation(ulong dataOrder, int iteration) => dataOrder * 1_000_003UL + (ulong)iteration * 7919UL + 43UL;

    /// <summary>The mask update of layer <paramref name="layer"/> at step <paramref name="step"/>.</summary>
    public static ulong MaskUpdate(ulong maskUpdates, int step, int layer) => maskUpdates * 1_000_003UL + (ulong)step * 7919UL + (ulong)layer;

    /// <summary>
    /// The stream <paramref name="purpose"/> names, at <paramref name="index"/> (a round, a copy's number, an ingredient's seed),
    /// <paramref name="within"/> one of the purpose's <see cref="StreamPurpose.Width"/> consecutive numbers. A method's own
    /// streams are declared in its folder with this (e.g. LMC's copy data orders), and listed by its trainer
    /// (<c>IMethodTrainer.Streams</c>) so that a test sees every purpose number of the build taken once.
    /// </summary>
    public ulong Derive(StreamPurpose purpose, int index, int within = 0) =>
        within >= 0 && within < purpose.Width
            ? Derive(index, purpose.Number + within)
            : throw new ArgumentOutOfRangeException(nameof(within), within, $"stream '{purpose.Name}' has {purpose.Width} number(s)");

    private ulong Derive(int round, int purpose) => TrialSeed * 1_000_003UL + (ulong)round * 7919UL + (ulong)purpose;

    /// <summary>The purposes of the shared streams above; a method's own purposes take numbers not used here.</summary>
    public static readonly IReadOnlyList<StreamPurpose> Shared = new StreamPurpose[]
    {
        new("re-init control", Purpose.ReinitControl), new("random-mask control", Purpose.RandomMaskControl),
        new("pruning-at-init sampling", Purpose.AtInitSampling), new("sparse initial mask", Purpose.SparseInitMask),
        new("Scratch-B control", Purpose.ScratchControl), new("mask updates", Purpose.MaskUpdates), new("label noise", Purpose.LabelNoise),
    };

    /// <summary>
    /// The purpose numbers of the shared derived streams. A new stream takes a number no other purpose of the build takes
    /// (the methods' own are 7, 8, 9, 11–12, 31, 32–33; adversarial training's starts, training augmentation and the corruptions' images are seeded apart, see Adversarial, TrainingAugmentation and CorruptedTestSets): reusing one would correlate two streams that must be independent, and
    /// <c>RandomStreamsTests</c> fails.
    /// </summary>
    public static class Purpose
    {
        public const int ReinitControl = 1;
        public const int RandomMaskControl = 2;
        public const int AtInitSampling = 3;
        public const int SparseInitMask = 4;
        public const int ScratchControl = 5;
        public const int MaskUpdates = 6;
        public const int LabelNoise = 20;
    }
}

/// <summary>
/// A named derived random stream: its purpose number (part of every seed it gives: pinned like task ids, never changed)
/// and how many consecutive numbers it takes (a stream per copy of a pair takes two).
/// </summary>
/// <param name="Name">What the stream draws, for listings and test messages.</param>
/// <param name="Number">The purpose number.</param>
/// <param name="Width">How many consecutive numbers from <paramref name="Number"/> it takes.</param>
public readonly record struct StreamPurpose(string Name, int Number, int Width = 1);
