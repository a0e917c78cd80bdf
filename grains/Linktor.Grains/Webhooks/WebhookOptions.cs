using System.ComponentModel.DataAnnotations;
using Linktor.Adapters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Webhooks;

/// <summary><c>Linktor:Webhooks</c>: how events reach subscribers' endpoints, and for how long a failing one is retried.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Webhooks";

    /// <summary>How long an endpoint has to answer one POST.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; it doubles at each failure (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a failing delivery keeps being retried, from the event's time: at least 24 hours (API.md).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// POSTs in flight at once per silo. Endpoints answer in tens of milliseconds at best, so it takes this many to keep
    /// up with a busy silo (measured: 32 fell seconds behind a node sending 1,200 messages a second).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>
    /// POSTs in flight at once per silo to one endpoint: half the slots, so a slow endpoint with a backlog cannot hold
    /// them all (measured: one busy endpoint at 32 fell 20 s behind, at 64 11 s, at 128 under 2 s).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxConcurrencyPerEndpoint { get; set; } = 128;

    /// <summary>How often a silo looks for due deliveries when nothing woke it earlier.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a silo re-reads which tenants subscribe to what (changes made on this silo apply at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan SubscriptionRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Deliver to loopback, private and link-local addresses too. Off by default: a tenant admin's URL must not reach
    /// the network Linktor runs in (see <see cref="OutboundAddresses"/>). Turn it on for a single-company install
    /// whose receivers are internal services. The older name of <see cref="OutboundOptions.AllowPrivateNetworks"/>, for
    /// webhooks only: either one allows them.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Whether webhooks may reach private networks: this setting or <c>Linktor:Outbound:AllowPrivateNetworks</c>.</summary>
    public static bool PrivateNetworksAllowed(IServiceProvider services) =>
        services.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks
        || services.GetRequiredService<IOptions<OutboundOptions>>().Value.AllowPrivateNetworks;

    /// <summary>How long succeeded and failed deliveries (and their attempts log) are kept.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The rules between settings (each one's own range is on it).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new("Linktor:Webhooks:MaxRetryDelay must be at least Linktor:Webhooks:FirstRetryDelay.", [nameof(MaxRetryDelay)]);
        }
    }
}
