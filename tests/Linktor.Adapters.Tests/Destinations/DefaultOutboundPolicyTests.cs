using Linktor.Adapters.Tests.Telegram;
using Linktor.Adapters.Tests.WhatsApp;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Destinations;

/// <summary>The adapters' HTTP clients as a host registers them, with the default outbound policy: nothing on loopback is reached.</summary>
public sealed class DefaultOutboundPolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASendToAProviderOnLoopbackIsRefusedForGoodWithoutAConnection()
    {
        await using var fake = new FakeTelegram();
        await fake.StartAsync();
        using var services = new ServiceCollection().AddTelegramAdapter().BuildServiceProvider();
        var adapter = services.GetServices<IChannelAdapter>().Single(a => a.Type == ChannelType.Telegram);

        var result = await adapter.SendAsync(TelegramHarness.Channel(fake.BaseUrl.AbsoluteUri), TelegramHarness.Outbound(MessageContent.FromText("hi")), Ct);

        result.Outcome.ShouldBe(SendOutcome.Permanent, "the same name resolves to the same refused address next time");
        result.Error!.Code.ShouldBe("destination_refused");
        result.Error.Message.ShouldContain("Linktor:Outbound:AllowPrivateNetworks");
        fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnAgentsMediaUrlOnLoopbackIsNotFetchedForUpload()
    {
        await using var fake = new FakeWhatsApp();
        await fake.StartAsync();
        var url = fake.AddPublicFile("invoice.pdf", "%PDF-1.7"u8.ToArray(), "application/pdf");
        var adapter = WhatsAppTestChannel.Adapter(allowLoopback: false);

        var result = await adapter.SendAsync(
            WhatsAppTestChannel.Settings(new Uri("https://graph.facebook.com/"), [new("media_upload", "upload")]),
            WhatsAppTestChannel.Outbound(new MessageContent { Type = ContentTypes.Document, Media = new MediaInfo { Url = $"{url}?signature=s3cr3t" } }),
            Ct);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("media_unavailable");
        result.Error.Message.ShouldNotContain("s3cr3t", customMessage: "the URL's query is not repeated in the stored, logged error");
        fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void EachAdapterDeclaresItsProvidersHosts()
    {
        using var services = new ServiceCollection().AddTelegramAdapter().AddTwilioAdapter().AddWhatsAppAdapter().BuildServiceProvider();
        var hosts = services.GetServices<IChannelAdapter>().ToDictionary(a => a.Type, a => a.Hosts);

        hosts[ChannelType.Whatsapp].Api.ShouldBe(["graph.facebook.com"]);
        hosts[ChannelType.Whatsapp].Media.ShouldBe(["graph.facebook.com", "lookaside.fbsbx.com"], ignoreOrder: true);
        hosts[ChannelType.Telegram].Api.ShouldBe(["api.telegram.org"]);
        hosts[ChannelType.Telegram].Media.ShouldBe(["api.telegram.org"]);
        hosts[ChannelType.Sms].Api.ShouldBe(["api.twilio.com"]);
        hosts[ChannelType.Sms].MediaRedirects.ShouldBe(["mms.twiliocdn.com", "s3-external-1.amazonaws.com"], ignoreOrder: true);
    }
}
