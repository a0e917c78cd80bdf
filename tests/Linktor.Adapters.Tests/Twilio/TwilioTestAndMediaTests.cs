using System.Net.Http.Headers;
using System.Text;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

public sealed class TwilioTestAndMediaTests : FakeTwilioTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TestFetchesTheAccountAndReportsWhoItIs()
    {
        var result = await Adapter.TestAsync(Channel(), Ct);

        result.Ok.ShouldBeTrue(result.Detail);
        result.Identity.ShouldNotBeNull();
        result.Identity["account_sid"].ShouldBe(AccountSid);
        result.Identity["friendly_name"].ShouldBe("Linktor Test Account");
        result.Identity["status"].ShouldBe("active");
        result.Identity["sender"].ShouldBe(ChannelNumber);
        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.Path.ShouldBe($"/2010-04-01/Accounts/{AccountSid}.json");
    }

    [Fact]
    public async Task TestWithABadTokenIsNotOkWithTwiliosMessage()
    {
        var result = await Adapter.TestAsync(Channel(authToken: "wrong"), Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldBe("Twilio 20003: Authenticate");
    }

    [Fact]
    public async Task TestOfASuspendedAccountIsNotOk()
    {
        Fake.AccountStatus = "suspended";

        var result = await Adapter.TestAsync(Channel(), Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldContain("suspended");
    }

    [Fact]
    public async Task TestOfAnUnreachableTwilioIsNotOkAndDoesNotThrow()
    {
        Fake.InjectFault(Fault.Hang(TimeSpan.FromSeconds(30)));
        var impatient = TwilioTestKit.Adapter(httpTimeout: TimeSpan.FromMilliseconds(300));

        var result = await impatient.TestAsync(Channel(), Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldBe("Twilio did not answer in time.");
    }

    [Fact]
    public async Task MediaResolvesToItsUrlWithBasicAuthAndDownloadsFromTheFake()
    {
        var bytes = "\u0089PNG fake image"u8.ToArray();
        var url = Fake.AddMedia(bytes, "image/png");

        var download = (await Adapter.ResolveMediaAsync(Channel(), url, Ct)).ShouldNotBeNull();

        download.Url.ShouldBe(url);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, download.Url);
        foreach (var (name, value) in download.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        (await response.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(bytes);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
    }

    [Fact]
    public async Task MediaWithoutCredentialsIsRefusedByTheFake()
    {
        using var client = new HttpClient();

        using var response = await client.GetAsync(Fake.AddMedia([1, 2, 3], "image/jpeg"), Ct);

        ((int)response.StatusCode).ShouldBe(401);
    }

    [Fact]
    public async Task TwilioMediaUrlsGetTheAccountsBasicAuth()
    {
        const string url = "https://api.twilio.com/2010-04-01/Accounts/AC3d6b2a4e9f1c8b7a6d5e4f3a2b1c0d9e/Messages/MM1/Media/ME1";

        var download = (await Adapter.ResolveMediaAsync(Settings(), url, Ct)).ShouldNotBeNull();

        download.Headers["Authorization"].ShouldBe(
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"))).ToString());
    }

    [Theory]
    [InlineData("https://evil.example.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")]
    [InlineData("https://api.twilio.com.evil.example.com/x")]
    [InlineData("http://api.twilio.com/2010-04-01/x")]
    [InlineData("ME0a1b2c3d4e5f60718293a4b5c6d7e8f9")]
    public async Task OtherHostsNeverGetTheCredentials(string providerMediaId) =>
        (await Adapter.ResolveMediaAsync(Settings(), providerMediaId, Ct)).ShouldBeNull();
}
