using System.Globalization;
using System.Net;

namespace ActorSweep.Cli.Dashboard;

/// <summary>Where the dashboard listens: an IP address (127.0.0.1 unless told otherwise) and a TCP port (0 = any free one).</summary>
public sealed record DashboardEndpoint(IPAddress Host, int Port)
{
    /// <summary>The default port of <c>actorsweep dashboard</c>.</summary>
    public const int DefaultPort = 8050;

    /// <summary>Parses <c>PORT</c> or <c>HOST:PORT</c> (the value of <c>--dashboard</c>); HOST is an IP address or <c>localhost</c>.</summary>
    public static bool TryParse(string text, out DashboardEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? "127.0.0.1" : text[..colon];
        var port = colon < 0 ? text : text[(colon + 1)..];
        if (!TryParseHost(host, out var address, out error)) return false;
        if (!TryParsePort(port, out var p, out error)) return false;
        endpoint = new DashboardEndpoint(address!, p);
        return true;
    }

    /// <summary>An IP address (v4, or v6 in brackets or bare) or <c>localhost</c>.</summary>
    public static bool TryParseHost(string text, out IPAddress? address, out string? error)
    {
        error = null;
        var bare = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)) { address = IPAddress.Loopback; return true; }
        if (IPAddress.TryParse(bare, out address)) return true;
        error = $"'{text}' is not an IP address (expected e.g. 127.0.0.1, 0.0.0.0 or localhost)";
        return false;
    }

    /// <summary>A TCP port, 0 to 65535.</summary>
    public static bool TryParsePort(string text, out int port, out string? error)
    {
        error = null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535) return true;
        error = $"'{text}' is not a port (expected a whole number from 0 to 65535)";
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
