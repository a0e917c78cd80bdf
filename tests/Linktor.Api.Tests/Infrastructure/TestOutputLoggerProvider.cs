using Linktor.Testing;
using Microsoft.Extensions.Logging;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>The node's warnings and errors, written to the output of the test that is running when they happen.</summary>
public sealed class TestOutputLoggerProvider(LogLevel minimumLevel) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(categoryName, minimumLevel);

    public void Dispose()
    {
    }
}
