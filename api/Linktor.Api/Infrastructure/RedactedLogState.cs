using System.Collections;

namespace Linktor.Api.Infrastructure;

/// <summary>A log entry's values and message with its secrets taken out (<see cref="RedactingLogger"/>).</summary>
public sealed class RedactedLogState(IReadOnlyList<KeyValuePair<string, object?>> values, string message) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public string Message => message;

    public int Count => values.Count;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;
}
