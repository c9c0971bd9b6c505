using ActorSweep.Core.Tasks;

namespace ActorSweep.Results.Tests.Analysis;

/// <summary>
/// Trials of a made-up study with accuracies known in closed form: IMP (with and without rewinding)
/// over rounds with a random re-init control, 3 seeds, and one failed task.
/// accuracy = 0.90 + 0.01·round + 0.001·seed (+0.005 with rewinding, −0.02 for the control).
/// </summary>
internal static class SyntheticStudy
{
    public static readonly DateTime Start = new(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);

    public static double Accuracy(int round, int seed, bool rewind, bool control) =>
        0.90 + 0.01 * round + 0.001 * seed + (rewind ? 0.005 : 0) - (control ? 0.02 : 0);

    public static IReadOnlyList<TaskRecord> Records(string study = "synth", int rounds = 2, bool withFailure = true)
    {
        var records = new List<TaskRecord>();
        foreach (var rewind in new[] { false, true })
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var pairs = new List<KeyValuePair<string, object>>
            {
                new(HparamKeys.Dataset, "fashion-mnist"), new(HparamKeys.Model, "lenet-300-100"), new(HparamKeys.Method, "imp"),
                new(HparamKeys.Seed, (long)seed), new(HparamKeys.Rounds, (long)rounds), new(HparamKeys.LearningRate, 0.0012),
            };
            if (rewind) pairs.Add(new(HparamKeys.RewindIteration, 250L));
            var h = Hparams.From(pairs);
            var trial = $"t{(rewind ? 1 : 0)}{seed}";
            for (var round = 0; round <= rounds; round++)
            foreach (var branch in round == 0 ? new[] { Branches.Main } : new[] { Branches.Main, Branches.RandomReinit })
            {
                var id = $"{trial}r{round}{branch[0]}";
                var spec = new TaskSpec(id, trial, study, "imp", branch, round, seed, TaskSpec.ParentsOf(round == 0 ? null : $"{trial}r{round - 1}m"), round == 0 ? null : $"{trial}r0m", h);
                var remaining = Math.Pow(0.8, round);
                if (withFailure && rewind && seed == 3 && round == rounds && branch == Branches.RandomReinit)
                {
                    records.Add(new TaskRecord(spec, TaskStatuses.Failed, "training loss is NaN at iteration 7", 1, "n", Start, Start.AddSeconds(1), null));
                    continue;
                }
                var acc = Accuracy(round, seed, rewind, branch != Branches.Main);
                records.Add(new TaskRecord(spec, TaskStatuses.Completed, null, 1, "n", Start, Start.AddSeconds(10),
                    new TaskResult(remaining, 1000, (long)(1000 * remaining), 1000 + 100 * seed, acc, acc - 0.001, 0.99, 5000, 10, "cpu",
                        new[] { new CurvePoint(0, double.NaN, 2.3, 0.1, 0.1), new CurvePoint(5000, 0.1, 0.2, acc, acc) })
                    {
                        FlopsDense = 1000, FlopsSparse = 1000 * remaining,
                        Layers = new[] { new LayerStat("layers.0.weight", "fc", 900, (long)(900 * remaining), 900), new LayerStat("layers.1.weight", "output", 100, 100, 100) },
                    }));
            }
        }
        return records;
    }
}
