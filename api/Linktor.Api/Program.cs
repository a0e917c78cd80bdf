// A Linktor API node (cluster mode): REST v1, SignalR hubs and the web-chat widget, an Orleans client of the silos.
// One process with the silo in it is api/Linktor.SingleNode.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Launched as `dotnet path/Linktor.Api.dll` from anywhere: config and wwwroot sit next to the dll.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddLinktorClusterClient();
builder.AddLinktorApi();

var app = builder.Build();
app.MapLinktorApi();
app.Run();
