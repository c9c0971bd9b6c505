namespace ActorSweep.Core.Study;

/// <summary>Formats hyperparameter values for messages, the same way ids see them.</summary>
internal static class ValueText
{
    public static string Format(object v) => ActorSweep.Core.Tasks.Hparams.FormatCanonical(v is int i ? (long)i : v);
}
