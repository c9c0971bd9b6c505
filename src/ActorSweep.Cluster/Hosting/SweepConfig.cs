using System.Reflection;
using Akka.Configuration;

namespace ActorSweep.Cluster.Hosting;

/// <summary>Loads the embedded <c>hocon/actorsweep.conf</c> and layers overrides on top.</summary>
public static class SweepConfig
{
    /// <summary>The embedded defaults.</summary>
    public static Config Defaults()
    {
        var asm = typeof(SweepConfig).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith("actorsweep.conf", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>
    /// The defaults on a plain local ActorSystem (no cluster, no remoting): what a tool that only reads the
    /// journal needs, chiefly the serializers its events are written with.
    /// </summary>
    public static Config Local() => ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(Defaults());

    /// <summary>The defaults with <paramref name="userConfigFile"/> (if any) layered on top.</summary>
    public static Config Load(string? userConfigFile) =>
        userConfigFile is null ? Defaults() : ConfigurationFactory.ParseString(File.ReadAllText(userConfigFile)).WithFallback(Defaults());

    /// <summary>
    /// The configuration of one node: roles, bind host/port, seed nodes, optional user file, on top of
    /// the defaults.
    /// </summary>
    public static Config ForNode(IEnumerable<string> roles, string host, int port, IEnumerable<string> seedNodes, string? userConfigFile = null, string? extra = null)
    {
        var seeds = string.Join(", ", seedNodes.Select(s => $"\"{s}\""));
        var overrides = ConfigurationFactory.ParseString($"""
            akka.remote.dot-netty.tcp.hostname = "{host}"
            akka.remote.dot-netty.tcp.port = {port}
            akka.cluster.roles = [{string.Join(", ", roles.Select(r => $"\"{r}\""))}]
            akka.cluster.seed-nodes = [{seeds}]
            """);
        var config = overrides;
        if (extra is not null) config = ConfigurationFactory.ParseString(extra).WithFallback(config);
        if (userConfigFile is not null) config = ConfigurationFactory.ParseString(File.ReadAllText(userConfigFile)).WithFallback(config);
        return config.WithFallback(Defaults());
    }
}
