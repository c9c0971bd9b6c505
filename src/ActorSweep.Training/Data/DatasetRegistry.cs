using System.Collections.Concurrent;

namespace ActorSweep.Training.Data;

/// <summary>
/// The datasets a study may name, in one explicit dictionary. Loaded splits are cached per process,
/// so every trainer slot of a node shares one copy.
/// </summary>
public static class DatasetRegistry
{
    private static readonly IReadOnlyDictionary<string, IDatasetSource> Sources =
        new IDatasetSource[] { new MnistSource(), new FashionMnistSource(), new SyntheticSource(), CifarSource.Cifar10(), CifarSource.Cifar100() }.ToDictionary(s => s.Name, StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<(string, int), Lazy<DataSplits>> Loaded = new();

    /// <summary>Known dataset names.</summary>
    public static IReadOnlyList<string> Names { get; } = Sources.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>True when the name is registered.</summary>
    public static bool IsKnown(string name) => Sources.ContainsKey(name);

    /// <summary>The splits of a dataset with <paramref name="validationSize"/> held out (cached).</summary>
    public static DataSplits Load(string name, int validationSize) =>
        Loaded.GetOrAdd((name, validationSize), key => new Lazy<DataSplits>(() =>
        {
            var source = Get(key.Item1);
            return source.Load(key.Item2) with { Normalization = source.Info.Normalization };
        })).Value;

    /// <summary>Shape, sizes and normalisation of a dataset, without loading it.</summary>
    public static DatasetInfo Info(string name) => Get(name).Info;

    /// <summary>Fetches and verifies a dataset's files without loading them.</summary>
    public static void Prefetch(string name)
    {
        switch (Get(name))
        {
            case IdxDatasetSource idx: idx.Prefetch(); break;
            case CifarSource cifar: cifar.Check(); break;
        }
    }

    private static IDatasetSource Get(string name) =>
        Sources.TryGetValue(name, out var s) ? s : throw new ArgumentException($"unknown dataset '{name}'; known datasets: {string.Join(", ", Names)}");
}
