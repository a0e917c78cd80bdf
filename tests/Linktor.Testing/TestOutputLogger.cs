using Microsoft.Extensions.Logging;
using Xunit;

namespace Linktor.Testing;

/// <summary>An <see cref="ILogger"/> writing to the current test's output (shown when a test fails).</summary>
public sealed class TestOutputLogger(string category, LogLevel minimumLevel = LogLevel.Debug) : ILogger
{
    /// <summary>A logger named after <typeparamref name="T"/>.</summary>
    public static ILogger<T> For<T>(LogLevel minimumLevel = LogLevel.Debug) =>
        new TypedLogger<T>(new TestOutputLogger(typeof(T).Name, minimumLevel));

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel) || TestContext.Current.TestOutputHelper is not { } output)
        {
            return;
        }

        var line = $"[{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}] {formatter(state, exception)}";
        try
        {
            output.WriteLine(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late log lines from background work have nowhere to go.
        }
    }

    private sealed class TypedLogger<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
