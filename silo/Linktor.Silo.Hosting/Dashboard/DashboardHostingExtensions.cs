using Linktor.Silo.Hosting.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Microsoft.Extensions.Hosting;

public static class DashboardHostingExtensions
{
    /// <summary>
    /// The Orleans dashboard, when <c>Linktor:Dashboard:Enabled</c>: the silo's statistics services and the dashboard's own
    /// server (<see cref="DashboardServer"/>). Off, nothing of it is added: no listener, no grain call profiling.
    /// </summary>
    public static ISiloBuilder AddLinktorDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<OperatorDashboardOptions>().BindConfiguration(OperatorDashboardOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorDashboardOptions>, OperatorDashboardOptionsValidator>());
        var dashboard = OperatorDashboardOptions.Read(configuration);
        if (dashboard.Enabled)
        {
            silo.AddDashboard(o => o.HideTrace = !dashboard.LogStream);
            silo.Services.AddHostedService<DashboardServer>();
        }

        return silo;
    }
}
