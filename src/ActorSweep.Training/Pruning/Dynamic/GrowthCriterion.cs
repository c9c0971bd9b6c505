namespace ActorSweep.Training.Pruning.Dynamic;

/// <summary>Which inactive connections dynamic sparse training grows.</summary>
public enum GrowthCriterion
{
    /// <summary>Uniformly at random (SET, Mocanu et al. 2018).</summary>
    Random,

    /// <summary>Largest dense-gradient magnitude of the current batch; the update replaces that step (RigL, Evci et al. 2020).</summary>
    Gradient,
}
