using Linktor.Contracts.Common;
using Linktor.Storage.Json;

namespace Linktor.Grains.Hosting;

/// <summary>
/// Turns "PostgreSQL is unreachable" escaping a grain call into <see cref="BackingServiceUnavailableException"/>:
/// Npgsql's exceptions cannot be serialized back to an API node (the caller would get a codec error and answer
/// 500), while this one tells it to answer 503 with Retry-After.
/// </summary>
public sealed class DatabaseUnavailableFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (ex is not BackingServiceUnavailableException && DatabaseAvailability.IsUnavailable(ex))
        {
            throw new BackingServiceUnavailableException($"PostgreSQL is unavailable ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
