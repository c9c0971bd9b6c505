namespace ActorSweep.Training.Models;

/// <summary>
/// A batch norm's channels: the scale parameter (<c>bns.0.weight</c>), the convolution producing the channels (output
/// channel c is its weight[c]) and the layer consuming them.
/// </summary>
public sealed record ChannelGroup(string BatchNormScale, string Producer, ChannelConsumer Consumer);

/// <summary>
/// The layer that reads a group's channels: channel c is its input features [c·k, (c + 1)·k) — k = 1 for a following
/// convolution, k = h·w for the linear layer after flattening an h×w feature map.
/// </summary>
public sealed record ChannelConsumer(string Layer, int FeaturesPerChannel);
