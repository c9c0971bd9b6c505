using Akka.TestKit;

namespace ActorSweep.Cluster.Tests.Support;

/// <summary>Akka.TestKit's assertions mapped onto NUnit (Akka ships no NUnit adapter for 1.5).</summary>
public sealed class NUnitAssertions : ITestKitAssertions
{
    public void Fail(string format = "", params object[] args) => Assert.Fail(string.Format(format, args));

    public void AssertTrue(bool condition, string format = "", params object[] args) => Assert.That(condition, Is.True, string.Format(format, args));

    public void AssertFalse(bool condition, string format = "", params object[] args) => Assert.That(condition, Is.False, string.Format(format, args));

    public void AssertEqual<T>(T expected, T actual, string format = "", params object[] args) => Assert.That(actual, Is.EqualTo(expected), string.Format(format, args));

    public void AssertEqual<T>(T expected, T actual, Func<T, T, bool> comparer, string format = "", params object[] args) =>
        Assert.That(comparer(expected, actual), Is.True, string.Format(format, args));

    public Exception AssertThrows(Action action) => Assert.Throws(Is.InstanceOf<Exception>(), () => action())!;

    public TException AssertThrows<TException>(Action action) where TException : Exception => Assert.Throws<TException>(() => action())!;

    public async Task<Exception> AssertThrowsAsync(Func<Task> func)
    {
        try { await func(); }
        catch (Exception e) { return e; }
        Assert.Fail("expected an exception");
        throw new InvalidOperationException();
    }

    public async Task<TException> AssertThrowsAsync<TException>(Func<Task> func) where TException : Exception
    {
        try { await func(); }
        catch (TException e) { return e; }
        Assert.Fail($"expected {typeof(TException).Name}");
        throw new InvalidOperationException();
    }
}
