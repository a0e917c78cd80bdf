using System.Collections.Concurrent;
using Linktor.Adapters;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Testing;

namespace Linktor.Grains.Tests.Infrastructure;

/// <summary>
/// A provider that does what each message's text tells it, for outbox tests (channel type <see cref="Type"/>):
/// <c>retry:N</c> fails N times with a passing error, <c>retry-after:MS</c> once with the provider's wait,
/// <c>throw:N</c> throws N times, <c>permanent</c> refuses for good, <c>always-retry</c> never succeeds,
/// <c>hold</c> waits until the test releases it; <c>outage-KEY</c> fails as a provider outage while the test
/// keeps outage KEY on; anything else is sent. Every attempt is recorded. Send rates come from the channel's
/// config (the common rate-limit keys), unlimited by default. Its webhooks are accepted unsigned, one event a line
/// (<see cref="MessageLine"/>, <see cref="StatusLine"/>), for tests of the receive path through a channel.
/// </summary>
public sealed class ScriptedAdapter : IChannelAdapter
{
    /// <summary>The one instance every test cluster's silos use (scripts are per message, so tests do not interfere).</summary>
    public static readonly ScriptedAdapter Shared = new();

    private static readonly ChannelCapabilities Capabilities = new()
    {
        ContentTypes = [ContentTypes.Text],
        MaxTextLength = 1000,
        DeliveryReceipts = true,
        ReadReceipts = true,
        CanInitiate = true,
    };

    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<string, bool> _outages = new(StringComparer.Ordinal);

    public ChannelType Type => ChannelType.Voice;

    public IReadOnlyList<Attempt> Attempts => [.. _attempts];

    public IReadOnlyList<Attempt> AttemptsOf(Guid messageId) => [.. _attempts.Where(a => a.MessageId == messageId)];

    public IReadOnlyList<Attempt> AttemptsIn(Guid conversationId) => [.. _attempts.Where(a => a.ConversationId == conversationId)];

    /// <summary>Waits until a <c>hold</c> message is being sent (and held).</summary>
    public Task WaitUntilHeldAsync(Guid messageId, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Task.FromResult(_held.ContainsKey(messageId)), timeout, $"message {messageId} reaches the provider");

    /// <summary>Lets a held send complete (as sent).</summary>
    public void Release(Guid messageId) => _held.GetOrAdd(messageId, _ => NewHold()).TrySetResult();

    public ChannelCapabilities GetCapabilities(ChannelSettings settings) => Capabilities;

    public ChannelRateLimits GetRateLimits(ChannelSettings settings) => ChannelRateLimits.Unlimited.WithOverrides(settings);

    /// <summary>Starts or ends outage <paramref name="key"/> for messages whose text is <c>outage-KEY</c>.</summary>
    public void SetOutage(string key, bool down)
    {
        if (down)
        {
            _outages[key] = true;
        }
        else
        {
            _outages.TryRemove(key, out _);
        }
    }

    public IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings) => new Dictionary<string, string[]>();

    public string? NormalizeAddress(string address) => address;

    public async Task<SendResult> SendAsync(ChannelSettings settings, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var m = message.Message;
        var script = m.Content.Text ?? string.Empty;
        var attempt = AttemptsOf(m.Id).Count + 1;
        _attempts.Enqueue(new Attempt(m.Id, m.ConversationId, m.Seq, script, attempt, DateTimeOffset.UtcNow));
        if (script == "hold")
        {
            await _held.GetOrAdd(m.Id, _ => NewHold()).Task.WaitAsync(ct);
        }

        if (script.StartsWith("outage-", StringComparison.Ordinal) && _outages.ContainsKey(script["outage-".Length..]))
        {
            return SendResult.Retryable("provider_unavailable", "503 Service Unavailable");
        }

        return Parse(script) switch
        {
            ("retry", var n) when attempt <= n => SendResult.Retryable("busy", $"Attempt {attempt} of a scripted passing failure."),
            ("retry-after", var ms) when attempt == 1 => SendResult.Retryable("429", "Slow down.", TimeSpan.FromMilliseconds(ms)),
            ("throw", var n) when attempt <= n => throw new HttpRequestException("The provider closed the connection."),
            ("permanent", _) => SendResult.Permanent("21610", "Attempt to send to unsubscribed recipient"),
            ("always-retry", _) => SendResult.Retryable("503", "Service unavailable"),
            _ => SendResult.Sent($"ext-{m.Id:N}"),
        };
    }

    /// <summary>A webhook line: a contact's message.</summary>
    public static string MessageLine(string sender, string externalId, string text) => $"message {sender} {externalId} {text}";

    /// <summary>A webhook line: a delivery status of one of our messages, by its provider id.</summary>
    public static string StatusLine(string externalId, MessageStatus status) => $"status {externalId} {status}";

    /// <summary>A webhook call carrying <paramref name="lines"/>.</summary>
    public static WebhookRequest Webhook(params string[] lines) =>
        new() { Method = "POST", Url = "https://example.test/hooks/scripted", Body = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)), ContentType = "text/plain" };

    public WebhookVerdict VerifyWebhook(ChannelSettings settings, WebhookRequest request) => WebhookVerdict.Accept();

    public IReadOnlyList<InboundEvent> ParseWebhook(ChannelSettings settings, WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new List<InboundEvent>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(request.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 4);
            events.Add(parts[0] switch
            {
                "message" => new InboundMessageEvent(parts[1], new InboundMessage { Content = MessageContent.FromText(parts[3]), ExternalId = parts[2] }),
                "status" => new InboundStatusEvent(parts[1], Enum.Parse<MessageStatus>(parts[2]), DateTimeOffset.UtcNow),
                _ => throw new WebhookFormatException($"Unknown scripted webhook line '{line}'."),
            });
        }

        return events;
    }

    public Task<ChannelTestResult> TestAsync(ChannelSettings settings, CancellationToken ct) =>
        Task.FromResult(new ChannelTestResult(true, "Scripted."));

    private static (string Verb, int Count) Parse(string script)
    {
        var colon = script.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || script.StartsWith("outage-", StringComparison.Ordinal) ? (script, 0) : (script[..colon], int.Parse(script[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static TaskCompletionSource NewHold() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One call to the provider.</summary>
    public sealed record Attempt(Guid MessageId, Guid ConversationId, long Seq, string Script, int Number, DateTimeOffset At);
}
