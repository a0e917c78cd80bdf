using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary><c>/test</c> against the number's Graph node, and inbound media resolved and downloaded with the bearer token.</summary>
public sealed class WhatsAppTestAndMediaTests : IAsyncLifetime
{
    private readonly FakeWhatsApp _fake = new();
    private readonly IChannelAdapter _adapter = WhatsAppTestChannel.Adapter();

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    [Fact]
    public async Task TestReportsTheNumbersIdentity()
    {
        var result = await _adapter.TestAsync(
            WhatsAppTestChannel.Settings(_fake.BaseUrl, config: [new("business_account_id", "102290129340398")]), TestContext.Current.CancellationToken);

        result.Ok.ShouldBeTrue(result.Detail);
        result.Identity.ShouldNotBeNull().ShouldBe(new Dictionary<string, string>
        {
            ["phone_number_id"] = FakeWhatsApp.DefaultPhoneNumberId,
            ["display_phone_number"] = "+1 555-078-3881",
            ["verified_name"] = FakeWhatsApp.VerifiedName,
            ["quality_rating"] = "GREEN",
            ["business_account_id"] = "102290129340398",
        }, ignoreOrder: true);
        var request = _fake.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.Path.ShouldBe($"/v21.0/{FakeWhatsApp.DefaultPhoneNumberId}");
        request.QueryString.ShouldBe("?fields=display_phone_number,verified_name,quality_rating");
        request.Header("authorization").ShouldBe($"Bearer {FakeWhatsApp.DefaultAccessToken}");
    }

    [Fact]
    public async Task TestWithABadTokenIsNotOkWithMetasMessage()
    {
        var result = await _adapter.TestAsync(
            WhatsAppTestChannel.Settings(_fake.BaseUrl, credentials: [new("access_token", "expired")]), TestContext.Current.CancellationToken);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldStartWith("WhatsApp 190: Invalid OAuth access token");
        result.Identity.ShouldBeNull();
    }

    [Fact]
    public async Task TestOfAnUnreachableProviderIsNotOk()
    {
        var result = await _adapter.TestAsync(WhatsAppTestChannel.Settings(new Uri("http://127.0.0.1:1/")), TestContext.Current.CancellationToken);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldStartWith("WhatsApp could not be reached");
    }

    [Fact]
    public async Task MediaResolvesToAUrlThatDownloadsWithTheReturnedHeaders()
    {
        var bytes = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };
        var mediaId = _fake.AddMedia(bytes, "image/jpeg", "2754859441498128");

        var download = (await _adapter.ResolveMediaAsync(WhatsAppTestChannel.Settings(_fake.BaseUrl), mediaId, TestContext.Current.CancellationToken)).ShouldNotBeNull();

        download.MimeType.ShouldBe("image/jpeg");
        download.Headers.ShouldBe(new Dictionary<string, string> { ["Authorization"] = $"Bearer {FakeWhatsApp.DefaultAccessToken}" });
        _fake.Requests.ShouldHaveSingleItem().Path.ShouldBe("/v21.0/2754859441498128");

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, download.Url);
        foreach (var (name, value) in download.Headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue();
        (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).ShouldBe(bytes);

        // Without the token the media URL refuses, as Meta's does.
        using var anonymous = await http.GetAsync(download.Url, TestContext.Current.CancellationToken);
        ((int)anonymous.StatusCode).ShouldBe(401);
    }

    [Fact]
    public async Task UnknownMediaResolvesToNull() =>
        (await _adapter.ResolveMediaAsync(WhatsAppTestChannel.Settings(_fake.BaseUrl), "404404404", TestContext.Current.CancellationToken)).ShouldBeNull();

    [Fact]
    public async Task MediaLookupDuringAnOutageThrowsRatherThanSayingMissing()
    {
        _fake.InjectFault(FakeWhatsApp.Unavailable());

        await Should.ThrowAsync<HttpRequestException>(() =>
            _adapter.ResolveMediaAsync(WhatsAppTestChannel.Settings(_fake.BaseUrl), "1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WebhooksNeedNoRegistrationCall()
    {
        var result = await _adapter.RegisterWebhookAsync(WhatsAppTestChannel.Settings(_fake.BaseUrl), new Uri("https://linktor.example.com/hooks/x"), TestContext.Current.CancellationToken);

        result.Ok.ShouldBeTrue();
        _fake.Requests.ShouldBeEmpty();
    }
}
