using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ActorSweep.Cli.Console;

/// <summary>The options several commands share, each made once here with its help text, default and check.</summary>
public static class CommonOptions
{
    /// <summary>A whole-number option within a range; a bad value is "--name: expected a whole number from a to b, got 'x'".</summary>
    public static Option<int> WholeNumber(string name, string description, int fallback, int min, int max) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            var raw = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
            r.AddError($"{name}: expected a whole number from {min} to {max}, got '{raw}'");
            return fallback;
        },
    };

    /// <summary><c>--slots N</c>: trainer slots of this node.</summary>
    public static Option<int> Slots() => WholeNumber("--slots", "trainer slots on this node (default: one per core)", Environment.ProcessorCount, 1, 1024);

    /// <summary><c>--threads N</c>: libtorch threads per slot.</summary>
    public static Option<int> Threads() => WholeNumber("--threads", "libtorch threads per slot (1 is fastest on CPU)", 1, 1, 256);

    /// <summary><c>--devices</c>: cpu or a list of CUDA devices.</summary>
    public static Option<string> Devices() => new("--devices")
    {
        Description = "cpu (one slot per --slots), or cuda:0,cuda:1,… (one slot per GPU); checked before anything starts",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary><c>--config FILE</c>: an Akka/ActorSweep configuration file over the defaults.</summary>
    public static Option<string?> Config()
    {
        var o = new Option<string?>("--config") { Description = "configuration layered over hocon/actorsweep.conf (journal, TLS, timings)" };
        o.Validators.Add(r =>
        {
            var file = r.GetValueOrDefault<string?>();
            if (file is not null && !File.Exists(file)) r.AddError($"--config: file '{file}' not found");
        });
        return o;
    }

    /// <summary><c>--join-timeout SECONDS</c>: how long a node keeps trying to join its seed (0 = <c>actorsweep.join-timeout</c>, 60 s).</summary>
    public static Option<int> JoinTimeout() =>
        WholeNumber("--join-timeout", "seconds to keep trying to join the coordinator before giving up with exit 2 [default: actorsweep.join-timeout, 60]", 0, 0, 86_400);

    /// <summary>The HOCON that sets <c>actorsweep.join-timeout</c> from <c>--join-timeout</c> (null for 0: the configured one).</summary>
    public static string? JoinTimeoutConfig(int seconds) => seconds > 0 ? $"actorsweep.join-timeout = {seconds}s" : null;

    /// <summary><c>--store DIR|off</c>: the task store the coordinator reuses trained tasks from and puts them into.</summary>
    public static Option<string?> Store() => new("--store")
    {
        Description = "task store that trained tasks are reused from and kept in, shared by studies (default: $ACTORSWEEP_STORE, else ~/.cache/actorsweep/store); 'off' for none",
    };

    /// <summary><c>--no-reuse</c>: train every task even when the store holds it.</summary>
    public static Option<bool> NoReuse() => new("--no-reuse") { Description = "train every task even when the task store holds its result (what is trained is still stored)" };

    /// <summary><c>--plain</c>: plain progress lines instead of the live table.</summary>
    public static Option<bool> Plain() => new("--plain") { Description = "plain progress lines instead of the live table (also when output is redirected)" };

    /// <summary><c>--host H</c>: the address to bind.</summary>
    public static Option<string> Host() => new("--host") { Description = "address to bind remoting to (127.0.0.1 unless other hosts must reach this node)", DefaultValueFactory = _ => "127.0.0.1" };

    /// <summary><c>--dashboard [HOST:]PORT</c>: serve the web dashboard of the study this node coordinates.</summary>
    public static Option<Dashboard.DashboardEndpoint?> Dashboard() => new("--dashboard")
    {
        Description = "serve the live web dashboard at [HOST:]PORT (HOST 127.0.0.1 unless given; read-only)",
        CustomParser = r =>
        {
            var raw = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (ActorSweep.Cli.Dashboard.DashboardEndpoint.TryParse(raw, out var endpoint, out var error)) return endpoint;
            r.AddError($"--dashboard: {error}");
            return null;
        },
    };

    /// <summary>The one positional path argument of a command.</summary>
    public static Argument<string> Path(string name, string description) => new(name) { Description = description };
}
