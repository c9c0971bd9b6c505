using ActorSweep.Training.Artifacts;

namespace ActorSweep.Training.Ensembles;

/// <summary>
/// Averages of networks' full states (mlfoundations/model-soups): every float tensor — weights, biases, batch-norm
/// statistics — is the mean of the members' (accumulated in double precision, in member order); integer buffers (batch
/// norm's step counter) are taken from the first member.
/// </summary>
public static class WeightAveraging
{
    /// <summary>The uniform average of <paramref name="states"/>.</summary>
    public static Dictionary<string, StoredTensor> Average(IReadOnlyList<IReadOnlyDictionary<string, StoredTensor>> states)
    {
        if (states.Count == 0) throw new ArgumentException("nothing to average", nameof(states));
        var result = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var (name, first) in states[0])
        {
            if (first.Data is not float[] f0) { result[name] = first; continue; }
            var sum = new double[f0.Length];
            foreach (var state in states)
            {
                var values = state.TryGetValue(name, out var t) && t.Data is float[] f && f.Length == sum.Length ? f
                    : throw new InvalidDataException($"the networks to average differ at '{name}'");
                for (var i = 0; i < sum.Length; i++) sum[i] += values[i];
            }
            var mean = new float[sum.Length];
            for (var i = 0; i < mean.Length; i++) mean[i] = (float)(sum[i] / states.Count);
            result[name] = new StoredTensor(first.Shape, mean);
        }
        return result;
    }
}
