namespace ActorSweep.Core.Methods.SupTickets;

/// <summary>
/// The <c>method.*</c> keys only this method reads, as written in study files, grids and the <c>hparams</c> JSON
/// column (a public format: keys are only ever added). Keys several methods share are <see cref="Tasks.HparamKeys"/>.
/// </summary>
public static class SupTicketsKeys
{
    public const string Cycles = "method.cycles";
    public const string CycleFraction = "method.cycle-fraction";
    public const string CycleLr1 = "method.lr-1";
    public const string CycleLr2 = "method.lr-2";
}
