using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>Channels: CRUD, the provider-facing webhook_url, the web-chat widget snippet, and channel.updated.</summary>
public sealed class ChannelsTests(LinktorNode node)
{
    [Fact]
    public async Task AnAdminCreatesReadsUpdatesTestsAndDeletesAWebChatChannel()
    {
        var tenant = await TestTenant.CreateAsync(node);
        await using var inbox = await tenant.ConnectInboxAsync();

        var created = (await tenant.AdminApi.PostAsync("/api/v1/channels",
            new { type = "webchat", name = "Website", config = new { title = "Talk to us", color = "#1f6feb" } })).ShouldBe<Channel>(201);

        created.Type.ShouldBe("webchat");
        created.Status.ShouldBe("active");
        created.Config.ShouldBe(new Dictionary<string, string> { ["title"] = "Talk to us", ["color"] = "#1f6feb" });
        created.Capabilities.GetProperty("content_types").EnumerateArray().Select(t => t.GetString()).ShouldContain("text");
        created.WebhookUrl.ShouldBe($"{node.BaseAddress.ToString().TrimEnd('/')}/hooks/{created.Id}");
        created.WidgetSnippet.ShouldBe($"<script src=\"{node.BaseAddress.ToString().TrimEnd('/')}/widget/{created.Id}.js\" async></script>");
        var announced = await inbox.WaitForAsync<Channel>("channel.updated", c => c.Id == created.Id, "agents hear of channel changes");
        announced.WebhookUrl.ShouldBe(created.WebhookUrl, "the event's data is the channel as the API shows it");

        var read = (await tenant.AdminApi.GetAsync($"/api/v1/channels/{created.Id}")).ShouldBe<Channel>(200);
        (read.Id, read.Type, read.Name, read.Status, read.WebhookUrl, read.WidgetSnippet).ShouldBe(
            (created.Id, created.Type, created.Name, created.Status, created.WebhookUrl, created.WidgetSnippet));
        read.Config.ShouldBe(created.Config, ignoreOrder: true);
        (await tenant.AdminApi.GetAsync("/api/v1/channels")).ShouldBe<Page<Channel>>(200).Data.Select(c => c.Id).ShouldBe([created.Id]);

        var updated = (await tenant.AdminApi.PatchAsync($"/api/v1/channels/{created.Id}",
            new { name = "Shop site", config = new { welcome_message = "Hi there" } })).ShouldBe<Channel>(200);
        updated.Name.ShouldBe("Shop site");
        updated.Config["welcome_message"].ShouldBe("Hi there");
        updated.Config["title"].ShouldBe("Talk to us");
        await inbox.WaitForAsync<Channel>("channel.updated", c => c.Id == created.Id && c.Name == "Shop site", "agents hear of channel changes");

        var test = (await tenant.AdminApi.PostAsync($"/api/v1/channels/{created.Id}/test")).ShouldBe(200).Json;
        test.EnumerateObject().ShouldNotBeEmpty();

        (await tenant.AdminApi.DeleteAsync($"/api/v1/channels/{created.Id}")).ShouldBe(204);

        (await tenant.AdminApi.GetAsync($"/api/v1/channels/{created.Id}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync("/api/v1/channels")).ShouldBe<Page<Channel>>(200).Data.ShouldBeEmpty();
        (await tenant.AdminApi.DeleteAsync($"/api/v1/channels/{created.Id}")).ShouldBeProblem(404, "not_found");
        (await node.AnonymousApi.PostAsync($"/api/v1/webchat/{created.Id}/sessions", new { })).ShouldBeProblem(404, "not_found");
    }

    [Fact]
    public async Task ChannelSettingsAreValidatedBeforeAnythingIsStored()
    {
        var tenant = await TestTenant.CreateAsync(node);

        (await tenant.AdminApi.PostAsync("/api/v1/channels", new { type = "webchat", name = "X", config = new { colour = "red" } }))
            .ShouldBeValidationProblem("config.colour");
        (await tenant.AdminApi.PostAsync("/api/v1/channels", new { type = "webchat", name = "X", config = new { color = "red" } }))
            .ShouldBeValidationProblem("config.color");
        (await tenant.AdminApi.PostAsync("/api/v1/channels", new { type = "webchat", name = "X", credentials = new { token = "t" } }))
            .ShouldBeValidationProblem("credentials.token");
        (await tenant.AdminApi.PostAsync("/api/v1/channels", new { type = "webchat", name = new string('n', 201) })).ShouldBeValidationProblem("name");

        (await tenant.CountRowsAsync()).Channels.ShouldBe(0);
    }

    [Fact]
    public async Task AnAgentReadsChannelsButDoesNotChangeThem()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var agent = await tenant.CreateUserAsync();

        (await agent.Api.GetAsync($"/api/v1/channels/{channel.Id}")).ShouldBe(200);
        (await agent.Api.PatchAsync($"/api/v1/channels/{channel.Id}", new { name = "Mine" })).ShouldBeProblem(403, "forbidden");
        (await agent.Api.PostAsync($"/api/v1/channels/{channel.Id}/test")).ShouldBeProblem(403, "forbidden");
        (await agent.Api.DeleteAsync($"/api/v1/channels/{channel.Id}")).ShouldBeProblem(403, "forbidden");
        (await tenant.AdminApi.GetAsync($"/api/v1/channels/{channel.Id}")).ShouldBe<Channel>(200).Name.ShouldBe(channel.Name);
    }
}
