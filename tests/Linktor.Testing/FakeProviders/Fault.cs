namespace Linktor.Testing.FakeProviders;

/// <summary>
/// An answer a fake provider gives instead of the real one: an HTTP error in the provider's format,
/// or no answer for <see cref="Delay"/> (a timeout, when longer than the client waits).
/// </summary>
public sealed record Fault(int StatusCode, string? Body = null, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public TimeSpan Delay { get; init; }

    /// <summary>Answers after <paramref name="delay"/> with a 504, long after a client with a shorter timeout gave up.</summary>
    public static Fault Hang(TimeSpan delay) => new(504) { Delay = delay };
}
