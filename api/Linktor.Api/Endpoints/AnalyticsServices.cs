using Linktor.Api.Auth;
using Linktor.Storage.Analytics;

namespace Linktor.Api.Endpoints;

/// <summary>What the report endpoints work with: who calls, the read model and the clock.</summary>
public sealed record AnalyticsServices(
    Caller Caller,
    AnalyticsQueries Analytics,
    TimeProvider Clock);
