namespace Linktor.Api.Auth;

/// <summary>Loads the signing key at start-up, after migrations created its table.</summary>
internal sealed class SigningKeyLoader(SigningKeyProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => provider.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
