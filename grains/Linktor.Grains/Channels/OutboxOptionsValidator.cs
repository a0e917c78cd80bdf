using Microsoft.Extensions.Options;

namespace Linktor.Grains.Channels;

/// <summary>Checks <c>Linktor:Outbox</c> at start: positive limits and delays, a retry schedule that grows, circuit settings Polly accepts.</summary>
[OptionsValidator]
public sealed partial class OutboxOptionsValidator : IValidateOptions<OutboxOptions>;
