namespace Linktor.Api.Realtime;

/// <summary><c>Linktor:Realtime</c>: how events reach agents connected to other API nodes.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Linktor:Realtime";

    /// <summary>Use the SignalR Redis backplane (needed with several API nodes).</summary>
    public bool RedisBackplane { get; set; }
}
