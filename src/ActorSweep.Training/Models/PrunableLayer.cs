namespace ActorSweep.Training.Models;

/// <summary>A prunable weight tensor of a model: its parameter name, kind and shape.</summary>
public sealed record PrunableLayer(string Name, LayerKind Kind, long[] Shape)
{
    /// <summary>Number of weights.</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Fan-in and fan-out as Glorot initialisation defines them.</summary>
    public (long FanIn, long FanOut) Fans
    {
        get
        {
            var receptive = Shape.Skip(2).Aggregate(1L, (a, b) => a * b);
            return (Shape[1] * receptive, Shape[0] * receptive);
        }
    }
}
