namespace Linktor.Storage.Events;

/// <summary>
/// Where a row sits in its queue: <c>(txid, position)</c>, the order readers take rows in. <c>xid8</c> (the writing
/// transaction) is a <see cref="ulong"/> in Npgsql.
/// </summary>
public readonly record struct EventPosition(ulong Txid, long Position) : IComparable<EventPosition>
{
    /// <summary>Before every row.</summary>
    public static readonly EventPosition Start = new(0, 0);

    public int CompareTo(EventPosition other)
    {
        var byTxid = Txid.CompareTo(other.Txid);
        return byTxid != 0 ? byTxid : Position.CompareTo(other.Position);
    }

    public static bool operator <(EventPosition left, EventPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(EventPosition left, EventPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventPosition left, EventPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventPosition left, EventPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Txid}/{Position}";
}
