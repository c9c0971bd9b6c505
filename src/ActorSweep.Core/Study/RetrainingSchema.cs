using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>
/// A method block's <c>retraining { }</c>: training options that apply only where the method retrains a mask it found
/// (ToST's recipe is applied that way: the mask is found the standard way, its retraining gets label smoothing and a
/// smooth activation). Each key is a <c>training</c> key under <c>retraining.</c>, replacing the trial's value for the
/// retraining only; the search (the dense run, the pruning rounds, the scoring at init) keeps the trial's own. Which
/// part of a method is its retraining the method declares (<see cref="Methods.IMethodDefinition.Retraining"/>); a
/// method without one refuses the block. What would change the data the mask was found on (validation split,
/// normalisation, label noise) or the initialisation it was found from is not a retraining option.
/// </summary>
public static class RetrainingSchema
{
    /// <summary>The prefix of a retraining key in a trial's hyperparameters.</summary>
    public const string Prefix = "retraining.";

    private static readonly HashSet<string> NotRetraining = new(StringComparer.Ordinal)
    {
        HparamKeys.ValidationSize, HparamKeys.NormalizeInputs, HparamKeys.LabelNoiseKind, HparamKeys.LabelNoiseFraction, HparamKeys.Init,
    };

    /// <summary>The keys a <c>retraining { }</c> block takes: each training key but the data's and the initialisation's, as <c>retraining.&lt;key&gt;</c>.</summary>
    public static readonly IReadOnlyList<HparamDefinition> Definitions = TrainingSchema.Definitions
        .Where(d => !NotRetraining.Contains(d.Key))
        .Select(d => d with { Key = Prefix + d.ShortKey })
        .ToArray();

    /// <summary>Whether the trial gives its method retraining options.</summary>
    public static bool IsSet(Hparams trial) => trial.Entries.Any(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal));

    /// <summary>The trial's hyperparameters as the retraining sees them: each <c>retraining.&lt;key&gt;</c> in place of <c>training.&lt;key&gt;</c>.</summary>
    public static Hparams Overlay(Hparams trial)
    {
        var h = trial;
        foreach (var (key, value) in trial.Entries.Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToList())
            h = h.Without(key).With("training." + key[Prefix.Length..], value);
        return h;
    }
}
