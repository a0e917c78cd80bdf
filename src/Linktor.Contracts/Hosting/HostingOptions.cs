using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Linktor.Contracts.Hosting;

/// <summary><c>Linktor:Hosting</c>: how this process joins (or forms) the cluster.</summary>
public sealed class HostingOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Hosting";

    public HostingMode Mode { get; set; } = HostingMode.SingleNode;

    [Required]
    public string ClusterId { get; set; } = "linktor";

    /// <summary>Stable across deployments: grain state and reminders are keyed by it.</summary>
    [Required]
    public string ServiceId { get; set; } = "linktor";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (a pod IP); defaults to the first non-loopback address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>This silo's name in the membership table and logs (a pod name); Orleans makes one up when unset.</summary>
    public string? SiloName { get; set; }

    /// <summary>
    /// The section as read while the host is still being built, where the mode decides what is registered and the
    /// ports and names go to Orleans' own builders: checked at once by <see cref="HostingOptionsValidator"/>, the
    /// validator <c>IOptions&lt;HostingOptions&gt;</c> is checked by at start, so both hold the same, valid settings.
    /// </summary>
    public static HostingOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<HostingOptions>() ?? new HostingOptions();
        var result = new HostingOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(HostingOptions), result.Failures) : options;
    }

    /// <summary>In cluster mode an advertised address is an IP address (the silo's endpoints are built from it).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == HostingMode.Cluster && AdvertisedAddress is not null && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new($"Linktor:Hosting:AdvertisedAddress: '{AdvertisedAddress}' is not an IP address.", [nameof(AdvertisedAddress)]);
        }
    }
}
