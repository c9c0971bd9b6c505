namespace ActorSweep.Core.Study;

/// <summary>One problem in a study file: where, which key, what was expected.</summary>
public sealed record StudyError(string File, int Line, string KeyPath, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {KeyPath}: {Message}" : $"{File}: {KeyPath}: {Message}";
}
