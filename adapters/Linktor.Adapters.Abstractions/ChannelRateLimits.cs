using System.Globalization;

namespace Linktor.Adapters;

/// <summary>
/// Token buckets for a channel's sends: one for the whole channel (WhatsApp per phone number,
/// Telegram per bot, Twilio per sender) and one per recipient (WhatsApp pair rate, Telegram per chat).
/// </summary>
public sealed record ChannelRateLimits(double PerSecond, int Burst, double? RecipientPerSecond = null, int RecipientBurst = 1)
{
    public static readonly ChannelRateLimits Unlimited = new(double.PositiveInfinity, int.MaxValue);

    public bool IsUnlimited => double.IsPositiveInfinity(PerSecond) && RecipientPerSecond is null;

    /// <summary>The provider's defaults with whatever the channel's config overrides.</summary>
    public ChannelRateLimits WithOverrides(ChannelSettings settings) => new(
        Number(settings, ChannelConfigKeys.RatePerSecond) ?? PerSecond,
        (int?)Number(settings, ChannelConfigKeys.RateBurst) ?? Burst,
        Number(settings, ChannelConfigKeys.RecipientRatePerSecond) ?? RecipientPerSecond,
        (int?)Number(settings, ChannelConfigKeys.RecipientRateBurst) ?? RecipientBurst);

    private static double? Number(ChannelSettings settings, string key) =>
        settings.ConfigValue(key) is { } value && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : null;
}
