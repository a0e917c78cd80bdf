using System.Buffers.Text;
using Linktor.Contracts.Events;

namespace Linktor.Grains.Events.Streaming;

/// <summary>A tenant's event stream: namespace <see cref="EventStreams.Namespace"/>, keyed by the tenant id.</summary>
public static class EventStreamIds
{
    public static StreamId For(Guid tenantId) => StreamId.Create(EventStreams.Namespace, tenantId);

    /// <summary>The tenant of a stream keyed by a Guid (as <see cref="StreamId.Create(string, Guid)"/> writes it).</summary>
    public static bool TryGetTenant(StreamId streamId, out Guid tenantId) =>
        Utf8Parser.TryParse(streamId.Key.Span, out tenantId, out var consumed, 'N') && consumed == streamId.Key.Length;
}
