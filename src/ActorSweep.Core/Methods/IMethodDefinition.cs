using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods;

/// <summary>
/// What Core knows of a method: the options a study may give it and the shape of a trial's task
/// lineage. How a task is trained lives in Training; both sides register the same name.
/// </summary>
public interface IMethodDefinition
{
    /// <summary>The name written in study files.</summary>
    string Name { get; }

    /// <summary>One line for listings ("iterative magnitude pruning (Frankle &amp; Carbin 2019)").</summary>
    string Summary { get; }

    /// <summary>The <c>method.*</c> keys this method accepts.</summary>
    IReadOnlyList<HparamDefinition> Options { get; }

    /// <summary>Checks option combinations a single key cannot (e.g. rewind point within training).</summary>
    IEnumerable<string> Validate(Hparams trial);

    /// <summary>The trial's lineage, parents before children; node 0 is the dense round 0.</summary>
    IReadOnlyList<LineageNode> Plan(Hparams trial);
}
