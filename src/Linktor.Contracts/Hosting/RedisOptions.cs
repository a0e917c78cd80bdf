namespace Linktor.Contracts.Hosting;

/// <summary><c>Linktor:Redis</c>: cluster membership and the SignalR backplane (StackExchange.Redis syntax).</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Linktor:Redis";

    public string? ConnectionString { get; set; }
}
