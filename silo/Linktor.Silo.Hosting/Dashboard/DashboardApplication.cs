using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Linktor.Silo.Hosting.Dashboard;

/// <summary>What the dashboard's own server runs for each request: a context from the host's factory, the dashboard's pipeline.</summary>
internal sealed class DashboardApplication(RequestDelegate pipeline, IHttpContextFactory contexts) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => contexts.Create(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => pipeline(context);

    public void DisposeContext(HttpContext context, Exception? exception) => contexts.Dispose(context);
}
