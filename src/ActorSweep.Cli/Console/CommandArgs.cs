namespace ActorSweep.Cli.Console;

/// <summary>
/// Parsed command-line arguments: positionals and <c>--name value</c> / <c>--flag</c> options. Unknown
/// options are errors that list the known ones, so a typo never silently runs with defaults.
/// </summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options;

    private CommandArgs(IReadOnlyList<string> positionals, Dictionary<string, string?> options)
    {
        Positionals = positionals;
        _options = options;
    }

    /// <summary>Arguments that are not options, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses <paramref name="args"/>; <paramref name="valued"/> take a value, <paramref name="flags"/> do not.</summary>
    public static CommandArgs Parse(IEnumerable<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current;
            if (!a.StartsWith("--", StringComparison.Ordinal)) { positionals.Add(a); continue; }
            var name = a[2..];
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) { inline = name[(eq + 1)..]; name = name[..eq]; }
            if (flags.Contains(name)) { options[name] = null; continue; }
            if (!valued.Contains(name))
                throw new UsageException($"unknown option --{name}; known options: {string.Join(", ", valued.Concat(flags).Select(o => "--" + o))}");
            if (inline is null)
            {
                if (!e.MoveNext()) throw new UsageException($"option --{name} needs a value");
                inline = e.Current;
            }
            options[name] = inline;
        }
        return new CommandArgs(positionals, options);
    }

    /// <summary>True when the flag or option was given.</summary>
    public bool Has(string name) => _options.ContainsKey(name);

    /// <summary>The option's value, or the fallback.</summary>
    public string? Get(string name, string? fallback = null) => _options.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>A whole-number option within a range.</summary>
    public int GetInt(string name, int fallback, int min, int max)
    {
        var raw = Get(name);
        if (raw is null) return fallback;
        if (!int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new UsageException($"--{name}: expected a whole number from {min} to {max}, got '{raw}'");
        return v;
    }

    /// <summary>The single positional argument, or a usage error naming it.</summary>
    public string Single(string what)
    {
        if (Positionals.Count != 1) throw new UsageException($"expected exactly one {what}, got {Positionals.Count} arguments");
        return Positionals[0];
    }
}
