using ActorSweep.Core.Options;

namespace ActorSweep.Core.Sparsity;

/// <summary>Where sparse_learning's per-epoch update regrows (<c>--growth</c>).</summary>
public enum SparseLearningGrowth
{
    /// <summary>Where |momentum| is largest among the inactive weights (<c>momentum_growth</c>, sparse momentum).</summary>
    Momentum,

    /// <summary>Each inactive weight with probability regrowth / inactive (<c>random_growth</c>, sparse_learning's SET).</summary>
    Random,
}

/// <summary>How sparse_learning shares the regrowth among layers (<c>--redistribution</c>).</summary>
public enum Redistribution
{
    /// <summary>By each layer's mean |momentum| over its active weights (sparse momentum).</summary>
    Momentum,

    /// <summary>By each layer's mean |weight| over its active weights.</summary>
    Magnitude,

    /// <summary>By each layer's count of non-zero weights.</summary>
    Nonzeros,

    /// <summary>No redistribution: each layer regrows by its size (the reference's <c>none</c>).</summary>
    None,
}

/// <summary>The words of sparse_learning's modes, as its command line spells them.</summary>
public static class SparseLearningModes
{
    /// <summary><c>method.growth</c> for sparse_learning: momentum or random.</summary>
    public static readonly Choice<SparseLearningGrowth> Growth = new(("momentum", SparseLearningGrowth.Momentum), ("random", SparseLearningGrowth.Random));

    /// <summary><c>method.redistribution</c>: momentum, magnitude, nonzeros or none.</summary>
    public static readonly Choice<Redistribution> Redistributions = new(("momentum", Redistribution.Momentum), ("magnitude", Redistribution.Magnitude),
        ("nonzeros", Redistribution.Nonzeros), ("none", Redistribution.None));
}
