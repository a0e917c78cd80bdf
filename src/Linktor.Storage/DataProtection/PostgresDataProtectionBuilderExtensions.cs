using Linktor.Storage.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores the Data Protection key ring in PostgreSQL.</summary>
public static class PostgresDataProtectionBuilderExtensions
{
    /// <summary>
    /// Persists keys to the <c>data_protection_keys</c> table through <paramref name="dataSource"/>, shared by
    /// every node that uses the same database and application name. The table comes from the migrations
    /// (<c>MigrationRunner</c>), which must have run before the first key is read.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysToPostgres(this IDataProtectionBuilder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);

        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<ILoggerFactory>((options, loggerFactory) =>
                options.XmlRepository = new PostgresXmlRepository(dataSource, loggerFactory.CreateLogger<PostgresXmlRepository>()));
        return builder;
    }

    /// <summary>As <see cref="PersistKeysToPostgres(IDataProtectionBuilder, NpgsqlDataSource)"/>, with the data source from DI.</summary>
    public static IDataProtectionBuilder PersistKeysToPostgres(this IDataProtectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<ILoggerFactory, NpgsqlDataSource>((options, loggerFactory, dataSource) =>
                options.XmlRepository = new PostgresXmlRepository(dataSource, loggerFactory.CreateLogger<PostgresXmlRepository>()));
        return builder;
    }

    /// <summary>
    /// Encrypts the key ring at rest with <c>Linktor:Secrets:MasterKey</c> when it is configured (the
    /// default of <c>./run.sh</c> and every deployment guide). Without one, keys are stored as Data
    /// Protection's default on Linux does: unencrypted, with its warning in the log. The key is read from the host's
    /// configuration; <paramref name="configuration"/> stands in for it where the services have none (a test's own collection).
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithMasterKey(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(configuration);
        builder.Services.AddOptions<MasterKeyOptions>().BindConfiguration(MasterKeyOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MasterKeyOptions>, MasterKeyOptionsValidator>());
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<MasterKeyOptions>>((options, master) =>
            {
                if (master.Value.KeyBytes() is { } key)
                {
                    options.XmlEncryptor = new MasterKeyXmlEncryptor(key);
                }
            });
        return builder;
    }
}
