namespace ActorSweep.Training.Data;

/// <summary>Loads a named dataset's splits; registered by name in <see cref="DatasetRegistry"/>.</summary>
public interface IDatasetSource
{
    /// <summary>The name used in study files (<c>mnist</c>, <c>fashion-mnist</c>, <c>synthetic</c>).</summary>
    string Name { get; }

    /// <summary>Shape, sizes and normalisation, known without loading.</summary>
    DatasetInfo Info { get; }

    /// <summary>Loads (fetching and verifying on first use) the splits, with <paramref name="validationSize"/> training examples held out.</summary>
    DataSplits Load(int validationSize);
}
