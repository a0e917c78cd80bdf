using Linktor.Storage.Analytics;
using Linktor.Storage.CannedResponses;
using Linktor.Storage.Channels;
using Linktor.Storage.Contacts;
using Linktor.Storage.Conversations;
using Linktor.Storage.Events;
using Linktor.Storage.Hosting;
using Linktor.Storage.Messages;
using Linktor.Storage.Retention;
using Linktor.Storage.Tenants;
using Linktor.Storage.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var source = new NpgsqlDataSourceBuilder(options.ConnectionString);
            // The hot statements (append, status, activation) are few and fixed: prepare them once per connection.
            source.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(source.ConnectionStringBuilder.MaxAutoPrepare, 64);
            source.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            // Linktor never leaves session state on a pooled connection (no SET, LISTEN or temp tables; the migration
            // lock is released explicitly or ends with its broken session), so the pool need not reset each
            // connection it hands out: that reset is several statements PostgreSQL runs before every group commit.
            source.ConnectionStringBuilder.NoResetOnClose = true;
            return source.Build();
        });
        services.AddHostedService<MigrationHostedService>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<MessageReader>();
        services.AddSingleton<AnalyticsQueries>();
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
        services.AddSingleton<Linktor.Storage.Media.MediaCopyQueue>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<ContactExport>();
        services.AddLinktorEvents();
        return builder;
    }

    /// <summary>
    /// The events outbox: its options (writers need <see cref="EventStreamOptions.Queues"/> to pick a row's queue) and
    /// the reader the silos' stream provider uses.
    /// </summary>
    private static void AddLinktorEvents(this IServiceCollection services)
    {
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventStreamOptions>, EventStreamOptionsValidator>());
        services.AddSingleton<EventStore>();
    }
}
