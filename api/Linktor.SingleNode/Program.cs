using Linktor.Contracts.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Linktor.SingleNode;

/// <summary>
/// A single Linktor node: the silo and the API (REST v1, SignalR hubs, the widget, the inbox) in this process, the
/// silo with localhost clustering. A cluster runs silo/Linktor.Silo and api/Linktor.Api instead. The entry point of
/// <c>WebApplicationFactory</c> in the tests: a class in a namespace, apart from Linktor.Api's own <c>Program</c>.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Launched as `dotnet path/Linktor.SingleNode.dll` from anywhere: config, wwwroot and the inbox sit next to the dll.
            ContentRootPath = AppContext.BaseDirectory,
        });
        var mode = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>()?.Mode ?? HostingMode.SingleNode;
        if (mode != HostingMode.SingleNode)
        {
            throw new InvalidOperationException(
                $"Linktor.SingleNode runs the silo and the API in one process: it needs {HostingOptions.SectionName}:Mode={HostingMode.SingleNode} (it is {mode}). " +
                "A cluster runs silo/Linktor.Silo and api/Linktor.Api.");
        }

        // The silo first: its storage (and the migrations it applies at start) comes before the API's use of it.
        builder.AddLinktorSilo();
        builder.AddLinktorApi();

        var app = builder.Build();
        app.MapLinktorApi();
        app.Run();
    }
}
