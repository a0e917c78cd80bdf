using Linktor.Storage.Events;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// A stored event's place in its queue, <c>(txid, position)</c>, as an Orleans sequence token: the order the queue
/// cache, the pulling agent's handshakes and the consumers see. <see cref="StreamSequenceToken.SequenceNumber"/> is
/// the position and <see cref="StreamSequenceToken.EventIndex"/> is always 0 (every row is its own event).
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.EventToken")]
public sealed class EventToken(ulong txid, long position) : StreamSequenceToken
{
    [Id(0)]
    public ulong Txid { get; private set; } = txid;

    [Id(1)]
    public override long SequenceNumber { get; protected set; } = position;

    [Id(2)]
    public override int EventIndex { get; protected set; }

    /// <summary>The row's place as the reader knows it.</summary>
    public EventPosition At => new(Txid, SequenceNumber);

    public static EventToken Of(EventPosition at) => new(at.Txid, at.Position);

    public override bool Equals(StreamSequenceToken? other) =>
        other is EventToken token && token.Txid == Txid && token.SequenceNumber == SequenceNumber;

    public override bool Equals(object? obj) => obj is StreamSequenceToken token && Equals(token);

    public override int GetHashCode() => HashCode.Combine(Txid, SequenceNumber);

    /// <summary>
    /// Orders by <c>(txid, position)</c>. Another provider's token cannot be compared: like Orleans' own tokens, that is
    /// an <see cref="ArgumentOutOfRangeException"/> for <c>other</c>, which the pulling agent recognises.
    /// </summary>
    public override int CompareTo(StreamSequenceToken? other) => other switch
    {
        null => 1,
        EventToken token => At.CompareTo(token.At),
        _ => throw new ArgumentOutOfRangeException(nameof(other), $"An {nameof(EventToken)} cannot be compared with a {other.GetType().Name}."),
    };

    public override string ToString() => $"[EventToken {Txid}/{SequenceNumber}]";
}
