using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>Checks <c>Linktor:Realtime</c> at start: a session re-check of at least a second.</summary>
[OptionsValidator]
public sealed partial class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>;
