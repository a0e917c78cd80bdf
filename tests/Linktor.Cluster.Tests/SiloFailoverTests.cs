using Linktor.Cluster.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// A silo crashes (SIGKILL) or is redeployed (SIGTERM) while sends run through both API nodes: nothing
/// acknowledged is lost or doubled, seq stays gap-free, and callers get a 503 problem at worst, never a 500 or a hang.
/// After a crash, sends are acknowledged again within seconds of the death declaration, the sends that were in flight
/// to the dead silo included (made again: every send carries an idempotency key); and the webhook subscribed to
/// <c>message.created</c> gets every stored message's event.
/// </summary>
public sealed class SiloFailoverTests(ClusterFixture cluster)
{
    private const int Conversations = 500;
    /// <summary>The bar is 200 sends/s; a little more so that the measured rate clears it.</summary>
    private const int PerSecond = 220;

    /// <summary>A redeploy is not a load test: a steady load that a 2-core box shared with other builds keeps up with.</summary>
    private const int DrainPerSecond = 100;
    private static readonly TimeSpan SteadyStateTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the conversations get to accept messages again after the load (the test's deadline, not a target).</summary>
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The requirement: once membership declares a crashed silo dead (about 4–5 s), the calls waiting on it fail over
    /// at once, and sends are acknowledged again within 6 s of the crash.
    /// </summary>
    private static readonly TimeSpan RequiredRecovery = TimeSpan.FromSeconds(6);

    /// <summary>An API node's grain-call timeout (FailureDetection.ClientResponseTimeout): no send should wait that long.</summary>
    private static readonly TimeSpan ClientResponseTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long the events of the run get to reach the webhook endpoint after it (the test's deadline, not a target).</summary>
    private static readonly TimeSpan EventDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ASiloKilledUnderLoadLosesNoAcknowledgedMessageOrItsEventAndSendsAreAcknowledgedAgainWithinSixSeconds()
    {
        await cluster.EnsureSilosAsync();
        var tenant = await ClusterTenant.CreateAsync(cluster, Conversations);
        await using var webhook = await MessageCreatedWebhook.SubscribeAsync(cluster, tenant);
        var load = new SendLoad(cluster, tenant, PerSecond, "kill");
        var run = load.RunAsync(TimeSpan.FromSeconds(30));
        try
        {
            // Kill a third of the way in, once the load is steady (the conversations are active on every silo).
            await load.WhenAcknowledgedAsync(PerSecond * 8).WaitAsync(SteadyStateTimeout, TestContext.Current.CancellationToken);
            var victim = cluster.LiveSilos[0];
            var killedAt = load.Now;
            await ClusterFixture.KillAsync(victim);
            var outcomes = await run;

            var summary = LoadSummary.Of(outcomes, killedAt).Report($"SIGKILL {victim.Name} of 3 silos");
            summary.PerSecond.ShouldBeGreaterThanOrEqualTo(200, "the load offered at least 200 sends/s");
            LoadSummary.ShouldBeAcknowledgedOrUnavailable(outcomes);
            outcomes.Where(o => o.Elapsed >= ClientResponseTimeout).Take(20).Select(o => o.ToString())
                .ShouldBeEmpty("no call waits out the grain-call timeout: those in flight to the dead silo fail over once it is declared dead");
            summary.Recovery.ShouldBeLessThanOrEqualTo(RequiredRecovery, "sends are acknowledged again within 6 s of the crash");

            // Every conversation, those that lived on the dead silo included, takes messages again.
            var (after, acceptedAfter, refusing) = await Recovery.SendToEveryConversationAsync(cluster, tenant, "after-kill", RecoveryDeadline);
            TestContext.Current.TestOutputHelper?.WriteLine($"[SIGKILL {victim.Name}] all {Conversations} conversations accepted a message {acceptedAfter.TotalSeconds:F1} s after the load ended ({(load.Now - killedAt).TotalSeconds:F1} s after the kill)");
            refusing.ShouldBeEmpty("every conversation accepts messages again after the failover");
            LoadSummary.ShouldBeAcknowledgedOrUnavailable(after);
            await StoredMessages.ShouldHoldExactlyOnceAsync(cluster.Database, tenant.Id, outcomes.Concat(after));
            // The events were written with the messages, so the crash cannot have lost one, whichever silo was
            // dispatching or delivering them.
            await webhook.ShouldHaveDeliveredEveryStoredMessageAsync(cluster.Database, tenant.Id, outcomes.Concat(after), $"SIGKILL {victim.Name}", EventDeadline);
        }
        catch
        {
            load.Stop();
            cluster.ReportLogs();
            throw;
        }
    }

    [Fact]
    public async Task ASiloStoppedUnderLoadHandsItsGrainsOverWithNoFailedRequest()
    {
        await cluster.EnsureSilosAsync();
        var tenant = await ClusterTenant.CreateAsync(cluster, Conversations);
        var load = new SendLoad(cluster, tenant, DrainPerSecond, "drain");
        var run = load.RunAsync(TimeSpan.FromSeconds(20));
        try
        {
            await load.WhenAcknowledgedAsync(DrainPerSecond * 5).WaitAsync(SteadyStateTimeout, TestContext.Current.CancellationToken);
            var victim = cluster.LiveSilos[0];
            var stoppedAt = load.Now;
            await ClusterFixture.TerminateAsync(victim);
            var outcomes = await run;

            LoadSummary.Of(outcomes, stoppedAt).Report($"SIGTERM {victim.Name} of 3 silos");
            outcomes.Where(o => !o.Acknowledged).Take(20).Select(o => o.ToString())
                .ShouldBeEmpty("a graceful shutdown hands the silo's grains over without failing a request");
            File.ReadAllText(Path.Combine(ClusterFixture.Dir, victim.Name + ".log"))
                .ShouldNotContain("Unhandled exception", customMessage: "the silo shuts down cleanly");
            await StoredMessages.ShouldHoldExactlyOnceAsync(cluster.Database, tenant.Id, outcomes);
        }
        catch
        {
            load.Stop();
            cluster.ReportLogs();
            throw;
        }
    }
}
