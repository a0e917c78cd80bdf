using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// A channel's sends against its provider's limits and outages (<see cref="ScriptedAdapter"/> records when
/// each send reached it): token buckets per channel and per recipient, and the circuit breaker.
/// </summary>
public sealed class SendThrottleTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static ScriptedAdapter Provider => ScriptedAdapter.Shared;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.Database.DataSource);

    [Fact]
    public async Task ABurstNeverExceedsTheChannelsRate()
    {
        const int rate = 20, burst = 5, count = 60;
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice, new Dictionary<string, string>
        {
            ["rate_limit_per_second"] = $"{rate}",
            ["rate_limit_burst"] = $"{burst}",
        });
        // One conversation each: nothing but the rate holds them back.
        var conversations = await Task.WhenAll(Enumerable.Range(0, count).Select(i => tenant.OpenConversationAsync($"+1555010{i:D4}", channelId)));

        var sent = await Task.WhenAll(conversations.Select(c => tenant.SendAsync(c.Id, "burst")));

        await AllSentAsync(tenant, sent);
        var times = sent.Select(m => Provider.AttemptsOf(m.Id).ShouldHaveSingleItem().At).Order().ToList();
        Rates.MaxInAnyWindow(times, TimeSpan.FromSeconds(1)).ShouldBeLessThanOrEqualTo(rate + burst + 1,
            "a token bucket lets through at most its burst plus its rate in any second");
        (times[^1] - times[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds((count - burst - 1) / (double)rate) * 0.9,
            "beyond the burst the sends are spread at the rate");
    }

    [Fact]
    public async Task OneRecipientsLimitHoldsBackOnlyThatRecipient()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice, new Dictionary<string, string>
        {
            ["recipient_rate_limit_per_second"] = "4",
            ["recipient_rate_limit_burst"] = "1",
        });
        var chatty = await tenant.OpenConversationAsync("+15550200", channelId);
        var other = await tenant.OpenConversationAsync("+15550201", channelId);

        var toChatty = new List<MessageRecord>();
        for (var i = 0; i < 5; i++)
        {
            toChatty.Add(await tenant.SendAsync(chatty.Id, $"c{i}"));
        }

        var toOther = await tenant.SendAsync(other.Id, "o");

        await AllSentAsync(tenant, [.. toChatty, toOther]);
        var times = toChatty.Select(m => Provider.AttemptsOf(m.Id).ShouldHaveSingleItem().At).ToList();
        // One token at first, then one every 250 ms: the fifth send waits for the fourth refill. (Single gaps
        // may be shorter, when a token waited for the pump; the total cannot.)
        (times[^1] - times[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(700), "this recipient gets one token every 250 ms");

        Provider.AttemptsOf(toOther.Id).ShouldHaveSingleItem().At.ShouldBeLessThan(times[^1], "the other recipient did not wait for the chatty one");
    }

    /// <summary>
    /// A channel out of tokens waits for the next one; it does not spin on the messages it had to put back, so it
    /// keeps answering calls while held (before, one turn ran until a token came, and a PATCH timed out as 503).
    /// </summary>
    [Fact]
    public async Task AChannelHeldByItsRateKeepsAnsweringAndTakesANewRateAtOnce()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice, new Dictionary<string, string>
        {
            ["rate_limit_per_second"] = "0.001",
            ["rate_limit_burst"] = "1",
        });
        var conversations = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => tenant.OpenConversationAsync($"+1555040{i:D4}", channelId)));
        var sent = await Task.WhenAll(conversations.Select(c => tenant.SendAsync(c.Id, "held")));
        // The burst's one token goes at once; the next is a quarter of an hour away.
        await Eventually.TrueAsync(() => Task.FromResult(sent.Count(m => Provider.AttemptsOf(m.Id).Count > 0) == 1), Deadline, "the burst goes", Ct);

        (await tenant.Channel(channelId).GetAsync().WaitAsync(Deadline, Ct)).ShouldSucceed();
        (await tenant.Channel(channelId).UpdateAsync(new ChannelPatch
        {
            Config = new Dictionary<string, string> { ["rate_limit_per_second"] = "1000", ["rate_limit_burst"] = "1000" },
        }).WaitAsync(Deadline, Ct)).ShouldSucceed();

        await AllSentAsync(tenant, sent);
        sent.ShouldAllBe(m => Provider.AttemptsOf(m.Id).Count == 1);
    }

    [Fact]
    public async Task AnOutagePausesTheChannelWithoutSpendingAttemptsAndLosesNothing()
    {
        var outage = Guid.NewGuid().ToString("N");
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversations = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => tenant.OpenConversationAsync($"+1555030{i:D4}", channelId)));
        Provider.SetOutage(outage, down: true);

        var queued = await Task.WhenAll(conversations.Select(c => tenant.SendAsync(c.Id, $"outage-{outage}")));
        // The circuit's trial sends keep trying the oldest message: more failures than Linktor:Outbox:MaxAttempts (4)
        // allows one message, had they counted.
        await Eventually.TrueAsync(() => Task.FromResult(queued.Max(m => Provider.AttemptsOf(m.Id).Count) >= 6),
            Deadline, "the provider keeps being tried during the outage", Ct);
        Provider.SetOutage(outage, down: false);

        await AllSentAsync(tenant, queued);
        foreach (var message in queued)
        {
            (await Reader.GetAsync(tenant.Id, message.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(MessageStatus.Sent,
                "an outage is not the message's fault: it is not failed with retries_exhausted");
        }

        var attempts = queued.SelectMany(m => Provider.AttemptsOf(m.Id)).Select(a => a.At).Order().ToList();
        attempts.Zip(attempts.Skip(1), (a, b) => b - a).Max().ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450),
            "the open circuit paused all sends for its break (0.5 s), longer than any backoff of the test cluster (≤ 0.2 s)");
    }

    private async Task AllSentAsync(TestTenant tenant, IReadOnlyList<MessageRecord> messages) =>
        await Eventually.TrueAsync(async () =>
        {
            foreach (var m in messages)
            {
                if ((await Reader.GetAsync(tenant.Id, m.Id, Ct))?.Status != MessageStatus.Sent)
                {
                    return false;
                }
            }

            return true;
        }, Deadline, "every message is sent", Ct);
}
