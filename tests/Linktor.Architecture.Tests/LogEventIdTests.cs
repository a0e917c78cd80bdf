using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Linktor.Architecture.Tests;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the product has an event id of its own, so that a log query by id finds one message.
/// The ids go by area, a range each (a one-line comment above each area's first message names its range):
/// <list type="bullet">
/// <item>1xxx storage: 10xx migrations, 11xx the key ring, 12xx the message store.</item>
/// <item>2xxx real-time dispatch (grains).</item>
/// <item>3xxx channels: 30xx settings and outbox, 31xx inbound messages, 32xx copies of inbound attachments.</item>
/// <item>4xxx silo start: 40xx outbox recovery, 41xx cluster TLS.</item>
/// <item>5xxx failed calls: 50xx API errors and refused grain calls.</item>
/// <item>6xxx the API's cluster side: 60xx real-time connections, 61xx the watch on silo deaths.</item>
/// <item>7xxx the API's background work: 70xx the demo seeder, 71xx the upload janitor.</item>
/// <item>8xxx idempotency keys; 9xxx webhooks (91xx deliveries).</item>
/// <item>11xxx adapters: 110xx outbound HTTP, 111xx Telegram, 112xx Twilio, 113xx WhatsApp.</item>
/// <item>12xxx the events outbox's stream queues.</item>
/// <item>13xxx operating: 130xx telemetry (metrics, traces), 131xx the Orleans dashboard.</item>
/// <item>14xxx retention and erasure: 140xx the daily retention sweep, 141xx erasures.</item>
/// </list>
/// </summary>
public sealed partial class LogEventIdTests
{
    [Fact]
    public void EveryLogMessageHasAnEventId()
    {
        var withoutId = LogMessages().Where(m => m.EventId is null).Select(m => $"{m.File}: {m.Attribute}").ToList();

        withoutId.ShouldBeEmpty("a [LoggerMessage] without EventId logs id 0, which every such message shares");
    }

    [Fact]
    public void NoTwoLogMessagesShareAnEventId()
    {
        var shared = LogMessages()
            .Where(m => m.EventId is not null)
            .GroupBy(m => m.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.File))}")
            .ToList();

        shared.ShouldBeEmpty();
    }

    [Fact]
    public void TheProductHasLogMessagesToCheck() =>
        LogMessages().Count().ShouldBeGreaterThan(50, "the sources were found and read");

    private static IEnumerable<(string File, string Attribute, int? EventId)> LogMessages() =>
        Repository.ProductSources().SelectMany(file => LoggerMessage().Matches(File.ReadAllText(Path.Combine(Repository.Root, file)))
            .Select(m => (file, m.Value, EventId(m.Value))));

    private static int? EventId(string attribute) =>
        EventIdArgument().Match(attribute) is { Success: true } id ? int.Parse(id.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The attribute's argument list up to its closing <c>)]</c> (messages contain parentheses, never <c>)]</c>).</summary>
    [GeneratedRegex(@"\[LoggerMessage\(.*?\)\]", RegexOptions.Singleline)]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"\bEventId\s*=\s*(\d+)")]
    private static partial Regex EventIdArgument();
}
