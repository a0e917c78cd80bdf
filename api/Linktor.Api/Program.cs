// Linktor API: REST v1, SignalR hubs and the web-chat widget; in single-node mode, the silo too.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Launched as `dotnet path/Linktor.Api.dll` from anywhere: config and wwwroot sit next to the dll.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddLinktorApi();

var app = builder.Build();
app.MapLinktorApi();
app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
