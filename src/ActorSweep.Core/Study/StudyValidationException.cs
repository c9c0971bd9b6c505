namespace ActorSweep.Core.Study;

/// <summary>All problems found in a study file, reported together so a user fixes them in one pass.</summary>
public sealed class StudyValidationException : Exception
{
    /// <summary>Creates the exception; the message lists every error on its own line.</summary>
    public StudyValidationException(IReadOnlyList<StudyError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString()))) => Errors = errors;

    /// <summary>The errors, in file order.</summary>
    public IReadOnlyList<StudyError> Errors { get; }
}
