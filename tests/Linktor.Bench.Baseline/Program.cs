// The baseline of the send benchmark: the obvious one-transaction-per-request design, at its best.
//
//   POST /api/v1/conversations/{id}/messages {"content":{"type":"text","text":"..."}}  (Bearer <tenant key>)
//
// answers 202 with the message after ONE transaction — UPDATE conversations … RETURNING last_seq,
// INSERT INTO messages, COMMIT — on the same PostgreSQL server as Linktor (synchronous_commit on), in a
// database of its own. Tenants and conversations are created through two setup routes (BaselineSetupApi).
// Configuration (environment): Baseline__ConnectionString, Baseline__PlatformKey, ASPNETCORE_URLS.
using Linktor.Bench.Baseline;
using Npgsql;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default);
});
var options = builder.Configuration.GetSection(BaselineOptions.SectionName).Get<BaselineOptions>()
    ?? throw new InvalidOperationException("Set Baseline__ConnectionString and Baseline__PlatformKey.");
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(_ => BaselineDatabase.CreateDataSource(options.ConnectionString));
builder.Services.AddSingleton<TenantKeys>();

var app = builder.Build();
await BaselineDatabase.CreateSchemaAsync(app.Services.GetRequiredService<NpgsqlDataSource>());
app.MapGet("/health", () => TypedResults.Ok());
app.MapBaselineSetupApi();
app.MapBaselineMessagesApi();
await app.RunAsync();
