using Linktor.Storage.CannedResponses;
using Linktor.Storage.Channels;
using Linktor.Storage.Contacts;
using Linktor.Storage.Conversations;
using Linktor.Storage.Hosting;
using Linktor.Storage.Messages;
using Linktor.Storage.Tenants;
using Linktor.Storage.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class StorageHostingExtensions
{
    /// <summary>
    /// PostgreSQL: one pooled data source, the migrations (applied at start-up), the message store
    /// and the read-model stores and queries. Call before the silo is added.
    /// </summary>
    public static IHostApplicationBuilder AddLinktorStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(s => s.ServiceType == typeof(MessageStore)))
        {
            return builder;
        }

        services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
            var source = new NpgsqlDataSourceBuilder(options.ConnectionString);
            // The hot statements (append, status, activation) are few and fixed: prepare them once per connection.
            source.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(source.ConnectionStringBuilder.MaxAutoPrepare, 64);
            source.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            return source.Build();
        });
        services.AddHostedService<MigrationHostedService>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<MessageReader>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<TenantQueries>();
        services.AddSingleton<ChannelStore>();
        services.AddSingleton<ChannelQueries>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<ContactQueries>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<ConversationQueries>();
        services.AddSingleton<CannedResponseStore>();
        services.AddSingleton<CannedResponseQueries>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookQueries>();
        services.AddSingleton<WebhookDeliveryQueue>();
        return builder;
    }
}
