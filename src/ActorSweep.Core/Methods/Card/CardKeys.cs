namespace ActorSweep.Core.Methods.Card;

/// <summary>
/// The <c>method.*</c> keys only this method reads, as written in study files, grids and the <c>hparams</c> JSON column
/// (a public format: keys are only ever added). Keys several methods share are <see cref="Tasks.HparamKeys"/>.
/// </summary>
public static class CardKeys
{
    /// <summary>The augmentations the deck's members train with, one group of <c>members</c> cards each.</summary>
    public const string Augmentations = "method.augmentations";

    /// <summary>How many training images, augmented as each group's members train, make that group's reference spectrum.</summary>
    public const string ReferenceImages = "method.reference-images";

    /// <summary>How many consecutive test images the batch deck's gate compares with the references together.</summary>
    public const string GateBatch = "method.gate-batch";
}
