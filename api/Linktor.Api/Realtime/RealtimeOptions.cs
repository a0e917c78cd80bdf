using System.ComponentModel.DataAnnotations;

namespace Linktor.Api.Realtime;

/// <summary><c>Linktor:Realtime</c>: how events reach agents connected to other API nodes.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Linktor:Realtime";

    /// <summary>Use the SignalR Redis backplane (needed with several API nodes).</summary>
    public bool RedisBackplane { get; set; }

    /// <summary>
    /// How often each node re-checks the sessions of its open inbox connections, closing those that ended. The
    /// fallback: an ended session's connections are normally closed within a second by the grain's announcement.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
