using ActorSweep.Core.Options;

namespace ActorSweep.Core.Sparsity;

/// <summary>Which inactive connections dynamic sparse training grows (rigl's and FreeTickets' updaters).</summary>
public enum GrowthCriterion
{
    /// <summary>Uniformly at random (SET, Mocanu et al. 2018).</summary>
    Random,

    /// <summary>Largest dense-gradient magnitude of the current batch; the update replaces that step (RigL, Evci et al. 2020).</summary>
    Gradient,
}

/// <summary>The words of <c>method.growth</c> for rigl-style updaters (FreeTickets' <c>--growth gradient|random</c>).</summary>
public static class GrowthCriteria
{
    /// <summary>gradient (RigL) or random (SET).</summary>
    public static readonly Choice<GrowthCriterion> Words = new(("gradient", GrowthCriterion.Gradient), ("random", GrowthCriterion.Random));
}
