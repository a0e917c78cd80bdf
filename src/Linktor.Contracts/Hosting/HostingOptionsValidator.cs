using Microsoft.Extensions.Options;

namespace Linktor.Contracts.Hosting;

/// <summary>Checks <c>Linktor:Hosting</c> at start: the cluster's names, ports in range, an advertised address that parses.</summary>
[OptionsValidator]
public sealed partial class HostingOptionsValidator : IValidateOptions<HostingOptions>;
