namespace Linktor.Adapters.Tests.Twilio;

/// <summary>A clock that stands still, so "receive time" is a known value.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
