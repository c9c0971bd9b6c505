namespace ActorSweep.Training.Data;

/// <summary>Per-channel input normalisation, x ← (x − mean) / std, of pixels already scaled to [0, 1].</summary>
/// <param name="Mean">Mean per channel.</param>
/// <param name="Std">Standard deviation per channel.</param>
public sealed record Normalization(float[] Mean, float[] Std)
{
    /// <summary>No change (mean 0, std 1).</summary>
    public static Normalization Identity(int channels) => new(new float[channels], Enumerable.Repeat(1f, channels).ToArray());

    /// <summary>True when it changes nothing.</summary>
    public bool IsIdentity => Mean.All(m => m == 0f) && Std.All(s => s == 1f);

    /// <summary>Where a raw 0 pixel lands: the value padding must take after normalisation.</summary>
    public float[] Zero => Mean.Zip(Std, (m, s) => -m / s).ToArray();
}
