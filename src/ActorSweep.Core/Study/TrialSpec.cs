using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>A trial: one grid point × seed × method, with its full canonical hyperparameters.</summary>
public sealed record TrialSpec(string TrialId, string Method, int Seed, Hparams Hparams);
