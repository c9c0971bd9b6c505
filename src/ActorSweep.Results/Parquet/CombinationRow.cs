namespace ActorSweep.Results.Parquet;

/// <summary>One row of the <c>combinations</c> dataset as read back (an ensemble, a soup, or COLT's mask intersection).</summary>
public sealed record CombinationRow(string TaskId, string Kind, int Members, int MembersUsed, double? TestAccuracy, double? TestNll,
    double? MemberMeanTestAccuracy, double? BestMemberTestAccuracy, double? MemberMeanTestNll, double? Disagreement, double? KlDivergence, double? MaskOverlap);
