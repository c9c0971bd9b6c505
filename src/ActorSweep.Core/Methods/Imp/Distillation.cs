namespace ActorSweep.Core.Methods.Imp;

/// <summary>
/// The KD ticket's retraining loss (VITA-Group/KD-ticket): α·T²·KL(teacher ‖ student) + (1−α)·CE, with
/// the soft labels of the same trial's trained dense network (round 0) as the teacher.
/// </summary>
public static class Distillation
{
    public const double DefaultAlpha = 0.9;
    public const double DefaultTemperature = 5.0;
}
