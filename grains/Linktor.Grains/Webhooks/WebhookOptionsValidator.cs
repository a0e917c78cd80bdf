using Microsoft.Extensions.Options;

namespace Linktor.Grains.Webhooks;

/// <summary>Checks <c>Linktor:Webhooks</c> at start: positive timeouts, delays and limits, a retry schedule that grows.</summary>
[OptionsValidator]
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
