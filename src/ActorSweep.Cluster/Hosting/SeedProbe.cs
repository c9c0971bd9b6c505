using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// Why a node cannot join a seed, found in a second instead of after the join timeout: a plain TCP connect (is anyone
/// listening?) and a TLS handshake attempt (does the seed speak TLS, and with a certificate this node pins; does it
/// accept this node's?). Akka itself only logs these causes, deep in its log file; a node that cannot join must say
/// them on the console. The probe's connection is closed without sending any Akka frame.
/// </summary>
public static class SeedProbe
{
    /// <summary>What the probe found.</summary>
    public enum Outcome
    {
        /// <summary>Something listens and speaks the same remoting as this node (TLS or not, with matching certificates).</summary>
        Reachable,

        /// <summary>Nothing listens at the address yet (connection refused): the coordinator is not running, or not there.</summary>
        NotListening,

        /// <summary>The address does not answer (no route, a firewall dropping packets).</summary>
        NoAnswer,

        /// <summary>Something listens but this node can never join it as configured (TLS on one side only, certificates not pinned).</summary>
        Refused,
    }

    /// <summary>An outcome with the sentence that explains it (empty for <see cref="Outcome.Reachable"/>).</summary>
    public sealed record Verdict(Outcome Outcome, string Reason);

    /// <summary>This node's side of TLS: the certificate it presents and the thumbprints (upper-case hex) it accepts.</summary>
    public sealed record TlsIdentity(X509Certificate2 Certificate, IReadOnlyList<string> Pinned);

    /// <summary>
    /// Probes the seed <paramref name="address"/> (<c>akka.tcp://actorsweep@HOST:PORT</c> or <c>akka.ssl.tcp://…</c>).
    /// Without <paramref name="handshake"/> only whether anything listens (a connect, no byte sent: the seed logs
    /// nothing); with it also the TLS handshake — which a plain seed logs as a bad frame, so a joining node does it only
    /// when its join is slow, to say why.
    /// </summary>
    public static Verdict Probe(string address, TlsIdentity? tls, bool handshake, TimeSpan? timeout = null)
    {
        var hostPort = HostPort(address);
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var port)) return new Verdict(Outcome.Reachable, "");
        return ProbeAsync(hostPort[..colon], port, tls, handshake, timeout ?? TimeSpan.FromSeconds(3)).GetAwaiter().GetResult();
    }

    /// <summary>"host:port" of a seed address (<c>akka.tcp://actorsweep@host:port</c>), or the address as given when it has no system part.</summary>
    public static string HostPort(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 ? address[(at + 1)..].TrimEnd('/') : address;
    }

    private static async Task<Verdict> ProbeAsync(string host, int port, TlsIdentity? tls, bool handshake, TimeSpan timeout)
    {
        var where = $"{host}:{port}";
        using var tcp = new TcpClient();
        using (var connect = new CancellationTokenSource(timeout))
        {
            try { await tcp.ConnectAsync(host, port, connect.Token).ConfigureAwait(false); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return new Verdict(Outcome.NotListening, $"nothing listens at {where}: the coordinator is not running (yet), or not at that address and port");
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return new Verdict(Outcome.NoAnswer, $"{where} does not answer ({(e is SocketException s ? s.SocketErrorCode.ToString() : $"no connection within {timeout.TotalSeconds:0} s")}): wrong address, or a firewall between the nodes");
            }
        }

        if (!handshake) return new Verdict(Outcome.Reachable, "");

        X509Certificate2? presented = null;
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificates = tls is null ? null : new X509CertificateCollection { tls.Certificate },
            RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                if (cert is not null) presented = new X509Certificate2(cert);
                return true;   // decided below, with a reason, rather than by a failed handshake
            },
        };
        Exception? handshakeError = null;
        using (var handshakeTimeout = new CancellationTokenSource(timeout))
        {
            try
            {
                await ssl.AuthenticateAsClientAsync(options, handshakeTimeout.Token).ConfigureAwait(false);
                // TLS 1.3: a server that rejects the client's certificate says so after the handshake (an alert, or it
                // closes the connection). One that accepts waits for the first remoting frame, which never comes.
                var buffer = new byte[1];
                using var read = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    if (await ssl.ReadAsync(buffer, read.Token).ConfigureAwait(false) == 0)
                        handshakeError = new IOException("the server closed the connection right after the handshake");
                }
                catch (OperationCanceledException) { }
            }
            catch (Exception e) when (e is IOException or AuthenticationException or OperationCanceledException or SocketException)
            {
                handshakeError = e;
            }
        }

        const string sameConfig = "give every node the same --config (hocon/tls.conf explains the cluster certificate)";
        if (presented is null)
            return tls is null
                ? new Verdict(Outcome.Reachable, "")
                : new Verdict(Outcome.Refused, $"the coordinator at {where} does not use TLS, but this node does (actorsweep.tls.enabled = on): {sameConfig}");
        if (tls is null)
            return new Verdict(Outcome.Refused, $"the coordinator at {where} uses TLS (akka.ssl.tcp), but this node does not: {sameConfig}");
        var thumbprint = presented.Thumbprint.ToUpperInvariant();
        if (!tls.Pinned.Contains(thumbprint))
            return new Verdict(Outcome.Refused, $"the coordinator at {where} presents certificate {thumbprint} ({presented.Subject}), which this node does not pin " +
                                                $"(it accepts {string.Join(", ", tls.Pinned)}; actorsweep.tls.pinned-thumbprints): the nodes hold different certificates");
        if (handshakeError is not null)
            return new Verdict(Outcome.Refused, $"the coordinator at {where} refused this node's certificate {tls.Certificate.Thumbprint} ({tls.Certificate.Subject}): " +
                                                "it is not pinned there (actorsweep.tls.pinned-thumbprints)");
        return new Verdict(Outcome.Reachable, "");
    }
}
