using System.Globalization;

namespace ActorSweep.Core.Hocon;

/// <summary>
/// A HOCON scalar: its text and whether it was quoted. Typing happens on request, so the schema
/// decides whether <c>1e-3</c> is a number and <c>adam</c> a string, and can say what it expected.
/// </summary>
public sealed record HoconScalar(HoconPosition Position, string Text, bool Quoted) : HoconNode(Position)
{
    /// <inheritdoc />
    public override string KindName => Quoted ? "a string" : IsNull ? "null" : "a value";

    /// <summary>True for unquoted <c>null</c>.</summary>
    public bool IsNull => !Quoted && Text == "null";

    /// <summary>The value as a double, if it is an unquoted number.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return !Quoted && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
    }

    /// <summary>The value as a whole number, if it is an unquoted integer (or a double with no fraction, e.g. <c>5e4</c>).</summary>
    public bool TryGetLong(out long value)
    {
        value = 0;
        if (Quoted) return false;
        if (long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        if (TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) { value = (long)d; return true; }
        return false;
    }

    /// <summary>The value as a boolean (true/false/yes/no/on/off, as HOCON allows).</summary>
    public bool TryGetBool(out bool value)
    {
        value = false;
        if (Quoted) return false;
        switch (Text)
        {
            case "true": case "yes": case "on": value = true; return true;
            case "false": case "no": case "off": value = false; return true;
            default: return false;
        }
    }
}
