using Microsoft.Extensions.Options;

namespace Linktor.Api.Cluster;

/// <summary>Checks <c>Linktor:Failover</c> at start: positive poll intervals and timeout, the alert interval no longer than the usual one.</summary>
[OptionsValidator]
public sealed partial class FailoverOptionsValidator : IValidateOptions<FailoverOptions>;
