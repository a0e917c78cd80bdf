namespace Linktor.Contracts.Tenants;

/// <summary>
/// Failed sign-ins of one account (key: the lower-cased email, whether or not a user has it, so that the answer
/// does not tell). One activation in the cluster: the count holds across API nodes.
/// </summary>
[Alias("Linktor.ILoginBackoffGrain")]
public interface ILoginBackoffGrain : IGrainWithStringKey
{
    /// <summary>How long sign-ins of this account are still refused; null when they are not.</summary>
    [Alias("LockedFor")]
    Task<TimeSpan?> LockedForAsync();

    /// <summary>Counts a failed sign-in; answers how long the account is now locked, or null.</summary>
    [Alias("Failed")]
    Task<TimeSpan?> FailedAsync(LoginBackoffPolicy policy);

    /// <summary>A sign-in succeeded: the count starts again.</summary>
    [Alias("Succeeded")]
    Task SucceededAsync();
}
