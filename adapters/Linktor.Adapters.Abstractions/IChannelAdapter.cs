using Linktor.Contracts.Channels;

namespace Linktor.Adapters;

/// <summary>
/// A channel family's provider knowledge: what it can carry, how to check its settings, how to
/// send. Plain classes over <c>IHttpClientFactory</c>, testable against fake provider servers.
/// </summary>
public interface IChannelAdapter
{
    ChannelType Type { get; }

    /// <summary>What a channel of this family with these settings can carry.</summary>
    ChannelCapabilities GetCapabilities(ChannelSettings settings);

    /// <summary>Checks config and credentials; errors name fields as <c>config.x</c> / <c>credentials.x</c>.</summary>
    IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings);

    /// <summary>Fills in generated values (e.g. secrets) a new channel needs.</summary>
    ChannelSettings Prepare(ChannelSettings settings) => settings;

    /// <summary>Normalizes an address given to <c>POST /messages</c> (<c>to</c>); null when it is not one for this channel.</summary>
    string? NormalizeAddress(string address);

    /// <summary>Sends one message. Never throws for provider answers: they are classified in the result.</summary>
    Task<SendResult> SendAsync(ChannelSettings settings, OutboundMessage message, CancellationToken ct);

    /// <summary>Asks the provider who this channel is (the <c>/test</c> route).</summary>
    Task<ChannelTestResult> TestAsync(ChannelSettings settings, CancellationToken ct);
}
