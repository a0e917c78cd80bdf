namespace Linktor.Api.Infrastructure;

/// <summary>
/// An API node may start before any silo (a fresh <c>docker compose up</c>, a rolling restart of
/// every silo): keep trying to reach the cluster instead of failing start-up after Orleans'
/// default retries. Until it connects, <c>/health/ready</c> says not ready.
/// </summary>
public static class ClusterConnectRetry
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

    public static async Task<bool> ShouldRetryAsync(Exception error, CancellationToken cancellationToken)
    {
        await Task.Delay(Delay, cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
