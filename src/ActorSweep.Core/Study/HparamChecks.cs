using System.Globalization;

namespace ActorSweep.Core.Study;

/// <summary>Reusable constraints for <see cref="HparamDefinition.Check"/>.</summary>
public static class HparamChecks
{
    private static double D(object v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);

    /// <summary>Strictly positive.</summary>
    public static string? Positive(object v) => D(v) > 0 ? null : "must be > 0";

    /// <summary>Zero or more.</summary>
    public static string? NonNegative(object v) => D(v) >= 0 ? null : "must be >= 0";

    /// <summary>A fraction strictly between 0 and 1 (a pruning rate or sparsity).</summary>
    public static string? OpenFraction(object v) => D(v) > 0 && D(v) < 1 ? null : "must be between 0 and 1 (exclusive)";

    /// <summary>A fraction in [0, 1].</summary>
    public static string? Fraction(object v) => D(v) >= 0 && D(v) <= 1 ? null : "must be between 0 and 1";

    /// <summary>A fraction in [0, 1).</summary>
    public static string? HalfOpenFraction(object v) => D(v) >= 0 && D(v) < 1 ? null : "must be in [0, 1)";

    /// <summary>In [0, 1).</summary>
    public static string? Momentum(object v) => D(v) >= 0 && D(v) < 1 ? null : "must be in [0, 1)";

    /// <summary>A perturbation radius or step in pixels of [0, 1]: more than 0, at most 1.</summary>
    public static string? EpsilonInPixels(object v) => D(v) > 0 && D(v) <= 1 ? null : "must be > 0 and <= 1 (pixels scaled to [0, 1])";

    /// <summary>One of the given strings.</summary>
    public static Func<object, string?> OneOf(params string[] allowed) =>
        v => allowed.Contains((string)v, StringComparer.Ordinal) ? null : $"must be one of {string.Join(", ", allowed)}";

    /// <summary>Every list element is one of the given strings, without repeats.</summary>
    public static Func<object, string?> SubsetOf(IReadOnlyList<string> allowed) => v =>
    {
        var items = ((IEnumerable<object>)v).Cast<string>().ToList();
        var bad = items.FirstOrDefault(i => !allowed.Contains(i, StringComparer.Ordinal));
        if (bad is not null) return $"'{bad}' is not one of {string.Join(", ", allowed)}";
        return items.Distinct().Count() == items.Count ? null : "has repeated entries";
    };

    /// <summary>Every list element is zero or more, in increasing order.</summary>
    public static string? IncreasingNonNegative(object v)
    {
        var items = ((IEnumerable<object>)v).Select(D).ToList();
        if (items.Any(i => i < 0)) return "must hold only numbers >= 0";
        for (var i = 1; i < items.Count; i++) if (items[i] <= items[i - 1]) return "must be increasing";
        return null;
    }
}
