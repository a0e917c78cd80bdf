using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Linktor.Storage.Tests;

/// <summary>Keeps every log entry's event id and message, to assert that a code path was taken.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId EventId, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(EventId EventId, LogLevel Level, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((eventId, logLevel, formatter(state, exception)));
}
