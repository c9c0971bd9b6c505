using ActorSweep.Core.Study;

namespace ActorSweep.Core.Methods;

/// <summary>
/// How a plan names another trial of the study it builds on (an Elastic LTH target names its source
/// ticket's trial, a soup the trials it averages). Exactly one trial must match; otherwise the study is
/// refused with an error at <paramref name="OptionKey"/> of the method's block.
/// </summary>
/// <param name="OptionKey">The option that names the other trial (e.g. <c>method.source-model</c>), for errors.</param>
/// <param name="Description">What is looked for, in words ("the imp trial of resnet-14, seed 1").</param>
/// <param name="Matches">Picks the trial among the study's trials.</param>
/// <param name="MapsModel">True when the other trial's networks are mapped onto this trial's model, which the
/// build must be able to do (<see cref="StudyCatalog.CheckModelMapping"/>).</param>
public sealed record TrialReference(string OptionKey, string Description, Func<TrialSpec, bool> Matches, bool MapsModel = false)
{
    /// <summary>The mapping text the networks are mapped with (Elastic LTH's block mapping); null = the build's default.</summary>
    public string? Mapping { get; init; }

    /// <summary>The option that holds <see cref="Mapping"/>, for errors about the mapping (default: <see cref="OptionKey"/>).</summary>
    public string? MappingKey { get; init; }
}
