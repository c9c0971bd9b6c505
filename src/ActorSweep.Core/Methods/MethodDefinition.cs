using ActorSweep.Core.Options;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Methods;

/// <summary>
/// A method with a typed options record: the schema states every key's default once, <see cref="Bind"/>
/// builds the record from a trial's hyperparameters, and validation and planning see the record rather
/// than the untyped bag. Training's trainer of the same name binds through the same definition.
/// </summary>
/// <typeparam name="TOptions">The method's options record.</typeparam>
public abstract class MethodDefinition<TOptions> : IMethodDefinition
{
    private readonly OptionSchema<TOptions> _schema;

    /// <summary>A method called <paramref name="name"/> with the options of <paramref name="schema"/>.</summary>
    protected MethodDefinition(string name, string summary, OptionSchema<TOptions> schema)
    {
        Name = name;
        Summary = summary;
        _schema = schema;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Summary { get; }

    /// <inheritdoc />
    public IReadOnlyList<HparamDefinition> Options => _schema.Definitions;

    /// <inheritdoc />
    public virtual string? Retraining => null;

    /// <inheritdoc />
    public virtual IReadOnlyList<MeasurementDefinition> Measurements => Array.Empty<MeasurementDefinition>();

    /// <inheritdoc />
    public virtual bool TrainsAsItsTrial(string branch) => true;

    /// <summary>The method's options for a trial: its values, this method's defaults (of the study's defaults version) elsewhere.</summary>
    public TOptions Bind(Hparams trial, int defaultsVersion = DefaultsVersion.Current) => _schema.Bind(trial, defaultsVersion);

    /// <inheritdoc />
    public IEnumerable<string> Validate(Hparams trial, int defaultsVersion = DefaultsVersion.Current, TrialFacts? facts = null) =>
        Validate(Bind(trial, defaultsVersion), trial, facts ?? TrialFacts.Unknown);

    /// <inheritdoc />
    public IReadOnlyList<PlanNode> Plan(PlanContext context) => Plan(Bind(context.Trial.Hparams, context.DefaultsVersion), context);

    /// <summary>Checks option combinations; <paramref name="trial"/> gives the rest of the trial (training).</summary>
    protected virtual IEnumerable<string> Validate(TOptions options, Hparams trial) => Array.Empty<string>();

    /// <summary>
    /// Checks option combinations and what they ask of the trial's dataset and model (<paramref name="facts"/>, each part
    /// null when unknown); by default only the combinations (<see cref="Validate(TOptions, Hparams)"/>).
    /// </summary>
    protected virtual IEnumerable<string> Validate(TOptions options, Hparams trial, TrialFacts facts) => Validate(options, trial);

    /// <summary>The trial's tasks, given its bound options.</summary>
    protected abstract IReadOnlyList<PlanNode> Plan(TOptions options, PlanContext context);
}
