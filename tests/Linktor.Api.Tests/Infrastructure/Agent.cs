using Linktor.Api.Tests.Wire;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>A signed-in user of a test tenant and a client making requests as them.</summary>
public sealed record Agent(User User, Tokens Tokens, ApiClient Api);
