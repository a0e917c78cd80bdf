// A standalone Linktor silo (cluster mode): grains, storage and adapters; health endpoints for probes.
using Linktor.Silo.Health;
using Linktor.Storage.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

const string ReadyTag = "ready";
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddLinktorSilo();
builder.Services.AddHealthChecks()
    .AddCheck<SiloStatusHealthCheck>("membership", tags: [ReadyTag])
    .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);

var app = builder.Build();
// Live: the process serves HTTP (restart it otherwise). Ready: an active member that reaches PostgreSQL.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = c => c.Tags.Contains(ReadyTag),
    ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
});
app.Run();
