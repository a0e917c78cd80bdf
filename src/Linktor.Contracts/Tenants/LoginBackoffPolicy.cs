namespace Linktor.Contracts.Tenants;

/// <summary>
/// After <see cref="FreeFailures"/> failed sign-ins in a row, each further failure locks the account for
/// <see cref="FirstLock"/>, doubling, at most <see cref="MaxLock"/>. Sent by the API node, which holds the settings.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.LoginBackoffPolicy")]
public sealed record LoginBackoffPolicy(
    [property: Id(0)] int FreeFailures,
    [property: Id(1)] TimeSpan FirstLock,
    [property: Id(2)] TimeSpan MaxLock)
{
    public TimeSpan LockAfter(int failures)
    {
        var doublings = Math.Min(failures - FreeFailures, 30);
        var lockFor = FirstLock * Math.Pow(2, doublings);
        return lockFor > MaxLock ? MaxLock : lockFor;
    }
}
