using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>Every entry the node logs, as a provider receives it: the formatted message and each structured value.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> list ? string.Join(" | ", list.Select(kv => $"{kv.Key}={kv.Value}")) : "";
            entries.Enqueue($"{category} [{logLevel}] {formatter(state, exception)} {{{values}}} {exception}");
        }
    }
}
