using TorchSharp;
using static TorchSharp.torch;

namespace ActorSweep.Training.Numerics;

/// <summary>
/// Tensor operations with a number, done with the number's <see cref="Scalar"/> held alive across the native call and
/// freed right after. TorchSharp 0.107 turns a number — <c>t * 2.0</c>, <c>t.fill_(0)</c>, even the implicit
/// <c>alpha = 1</c> of <c>a + b</c> — into a temporary Scalar that nothing references once its handle is read; a
/// collection on any other thread can then finalise it and free the native value while libtorch reads it (the race
/// that failed LTH tasks with "Exception raised from toFloat at c10/core/Scalar.h"; dotnet/TorchSharp#1434, #1496).
/// Each helper performs exactly the operation it replaces (same op, same Scalar type), so results are bit-identical.
/// <c>ImplicitScalarTests</c> reads Training's IL and fails on any call site that still makes a temporary Scalar.
/// </summary>
public static class HeldScalars
{
    /// <summary><paramref name="op"/> given <paramref name="value"/> as a double Scalar that lives until it returns.</summary>
    public static Tensor With(double value, Func<Scalar, Tensor> op)
    {
        using var held = value.ToScalar();
        return op(held);
    }

    /// <summary><paramref name="op"/> given <paramref name="value"/> as an integer Scalar that lives until it returns.</summary>
    public static Tensor With(int value, Func<Scalar, Tensor> op)
    {
        using var held = value.ToScalar();
        return op(held);
    }

    /// <summary><c>a + b</c> (<c>add</c> with alpha 1).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => With(1, one => a.add(b, one));

    /// <summary><c>a.add_(b)</c> (alpha 1).</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => With(1, one => a.add_(b, one));

    /// <summary><c>a * k</c>.</summary>
    public static Tensor Times(this Tensor a, double k) => With(k, s => a.mul(s));

    /// <summary><c>a / k</c>.</summary>
    public static Tensor Over(this Tensor a, double k) => With(k, s => a.div(s));

    /// <summary><c>a / k</c> with an integer <paramref name="k"/>.</summary>
    public static Tensor Over(this Tensor a, int k) => With(k, s => a.div(s));

    /// <summary><c>a + k</c> (<c>add</c> with alpha 1).</summary>
    public static Tensor Plus(this Tensor a, double k) => With(k, s => With(1, one => a.add(s, one)));

    /// <summary>
    /// <c>softplus(x, beta, threshold)</c>. TorchSharp's public <c>softplus(double, double)</c> (and
    /// <c>nn.functional.softplus</c>) converts both numbers to temporary Scalars before calling its non-public
    /// <c>softplus1(Scalar, Scalar)</c>; that one is called here, with the Scalars held — the same native op.
    /// </summary>
    public static Tensor Softplus(this Tensor x, double beta = 1, double threshold = 20) =>
        With(beta, b => With(threshold, t => SoftplusOfScalars(x, b, t)));

    private static readonly Func<Tensor, Scalar, Scalar, Tensor> SoftplusOfScalars =
        typeof(Tensor).GetMethod("softplus1", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, new[] { typeof(Scalar), typeof(Scalar) })
            ?.CreateDelegate<Func<Tensor, Scalar, Scalar, Tensor>>()
        ?? throw new MissingMethodException("TorchSharp's Tensor.softplus1(Scalar, Scalar) is gone (a TorchSharp upgrade): re-check how softplus passes its Scalars");

    /// <summary><c>a - k</c> with an integer <paramref name="k"/>.</summary>
    public static Tensor Minus(this Tensor a, int k) => With(k, s => a.sub(s));
}
