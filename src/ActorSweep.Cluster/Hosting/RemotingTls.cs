using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace ActorSweep.Cluster.Hosting;

/// <summary>
/// TLS for remoting (<c>actorsweep.tls</c>, see <c>hocon/tls.conf</c>): every node presents the
/// cluster's certificate (PKCS#12) and accepts only peers whose certificate is pinned by thumbprint —
/// by default its own, so one self-signed certificate copied to every host is a closed cluster
/// without a CA. Mutual authentication is required, so a node without the certificate can neither
/// join nor be joined.
/// </summary>
public static class RemotingTls
{
    /// <summary>True when <c>actorsweep.tls.enabled</c> is on.</summary>
    public static bool Enabled(Config config) => config.GetBoolean("actorsweep.tls.enabled", false);

    /// <summary>The address scheme nodes use: <c>akka.ssl.tcp</c> with TLS, <c>akka.tcp</c> without.</summary>
    public static string Scheme(Config config) => Enabled(config) ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>A seed address for <c>HOST:PORT</c> under <paramref name="config"/>.</summary>
    public static string SeedAddress(Config config, string hostPort) => $"{Scheme(config)}://{NodeOptions.SystemName}@{hostPort}";

    /// <summary>
    /// The remoting TLS setup and the configuration that switches it on, or null when TLS is off.
    /// Throws <see cref="TlsConfigurationException"/> naming the key when the certificate cannot be used.
    /// </summary>
    public static (DotNettySslSetup Setup, Config Config)? From(Config config, string source)
    {
        if (Identity(config, source) is not { } identity) return null;
        var setup = new DotNettySslSetup(identity.Certificate, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, customValidator: CertificateValidation.PinnedCertificate(identity.Pinned.ToArray()));
        return (setup, ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on"));
    }

    /// <summary>
    /// The certificate this node presents and the thumbprints it accepts (by default only its own), or null when TLS is
    /// off. Throws <see cref="TlsConfigurationException"/> naming the key when the certificate cannot be used.
    /// </summary>
    public static SeedProbe.TlsIdentity? Identity(Config config, string source)
    {
        if (!Enabled(config)) return null;
        var path = config.GetString("actorsweep.tls.certificate", "");
        if (string.IsNullOrWhiteSpace(path))
            throw new TlsConfigurationException($"{source}: actorsweep.tls.certificate: expected the path of a PKCS#12 (.pfx) file when tls.enabled = on, got nothing");
        if (!File.Exists(path))
            throw new TlsConfigurationException($"{source}: actorsweep.tls.certificate: file '{path}' not found");
        X509Certificate2 certificate;
        try { certificate = X509CertificateLoader.LoadPkcs12FromFile(path, config.GetString("actorsweep.tls.password", ""), X509KeyStorageFlags.Exportable); }
        catch (CryptographicException e)
        {
            throw new TlsConfigurationException($"{source}: actorsweep.tls.certificate: '{path}' is not a PKCS#12 file this password opens ({e.Message})");
        }
        if (!certificate.HasPrivateKey)
            throw new TlsConfigurationException($"{source}: actorsweep.tls.certificate: '{path}' holds no private key");
        var pinned = config.GetStringList("actorsweep.tls.pinned-thumbprints").Select(t => t.Replace(":", "").ToUpperInvariant()).ToArray();
        if (pinned.Length == 0) pinned = new[] { certificate.Thumbprint.ToUpperInvariant() };
        return new SeedProbe.TlsIdentity(certificate, pinned);
    }
}

/// <summary>The TLS settings of the node configuration are missing or wrong.</summary>
public sealed class TlsConfigurationException(string message) : Exception(message);
