using Microsoft.Extensions.Options;

namespace Linktor.Contracts.Realtime;

/// <summary>Checks <c>Linktor:Presence</c> at start: a lease the nodes can renew.</summary>
[OptionsValidator]
public sealed partial class PresenceOptionsValidator : IValidateOptions<PresenceOptions>;
