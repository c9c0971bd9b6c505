using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>A trial: one grid point × seed × method, with its full canonical hyperparameters.</summary>
/// <param name="TrialId">Stable hash of <paramref name="Hparams"/>.</param>
/// <param name="Method">The method name.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Hparams">Canonical hyperparameters (values equal to their defaults left out).</param>
/// <param name="MethodIndex">Which entry of the study's <c>methods</c> list the trial comes from.</param>
public sealed record TrialSpec(string TrialId, string Method, int Seed, Hparams Hparams, int MethodIndex = 0)
{
    /// <summary>The model name.</summary>
    public string Model => Hparams.GetString(HparamKeys.Model);

    /// <summary>The dataset name.</summary>
    public string Dataset => Hparams.GetString(HparamKeys.Dataset);
}
