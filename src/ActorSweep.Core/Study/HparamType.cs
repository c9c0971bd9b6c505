namespace ActorSweep.Core.Study;

/// <summary>The value types a hyperparameter may have; each names itself in errors.</summary>
public enum HparamType
{
    String,
    Int,
    Double,
    Bool,
    IntList,
    StringList,
    DoubleList,
}
