using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Linktor.Storage.DataProtection;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in PostgreSQL (<c>data_protection_keys</c>, created by
/// migration <c>0001a_data_protection.sql</c>), so every node of the cluster shares one key ring.
/// </summary>
/// <remarks>
/// The stored XML is the key material. Unless the builder also calls a <c>ProtectKeysWith*</c> method, anyone
/// who can read the table can decrypt what the keys protect: grant it like a secret.
/// Register with <c>services.AddDataProtection().PersistKeysToPostgres(dataSource)</c>.
/// </remarks>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource, ILogger<PostgresXmlRepository>? logger = null)
    : IDeletableXmlRepository
{
    private readonly ILogger _logger = logger ?? NullLogger<PostgresXmlRepository>.Instance;

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return ReadAll(connection, transaction: null).Select(row => row.Element).ToList().AsReadOnly();
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);

        var xml = element.ToString(SaveOptions.DisableFormatting);
        var name = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString() : friendlyName;
        using var connection = dataSource.OpenConnection();
        if (!TryInsert(connection, name, xml))
        {
            // Never overwrite: an element already stored under this name may be a key something was protected with.
            var unique = $"{name}-{Guid.NewGuid():N}";
            DataProtectionLog.NameTaken(_logger, name, unique);
            if (!TryInsert(connection, unique, xml))
            {
                throw new InvalidOperationException($"Could not store data protection element '{unique}'.");
            }

            name = unique;
        }

        DataProtectionLog.Stored(_logger, name);
    }

    /// <inheritdoc />
    public bool DeleteElements(Action<IReadOnlyCollection<IDeletableElement>> chooseElements)
    {
        ArgumentNullException.ThrowIfNull(chooseElements);

        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var rows = ReadAll(connection, transaction, forUpdate: true);
        var elements = rows.Select(row => new PostgresDeletableElement(row.FriendlyName, row.Element)).ToList();
        chooseElements(elements.AsReadOnly());

        foreach (var element in elements.Where(e => e.DeletionOrder.HasValue).OrderBy(e => e.DeletionOrder))
        {
            using var delete = new NpgsqlCommand(
                "DELETE FROM data_protection_keys WHERE friendly_name = @name", connection, transaction);
            delete.Parameters.AddWithValue("name", element.FriendlyName);
            delete.ExecuteNonQuery();
            DataProtectionLog.Deleted(_logger, element.FriendlyName);
        }

        transaction.Commit();
        return true;
    }

    private static bool TryInsert(NpgsqlConnection connection, string name, string xml)
    {
        using var insert = new NpgsqlCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            connection);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("xml", xml);
        return insert.ExecuteNonQuery() == 1;
    }

    private static List<(string FriendlyName, XElement Element)> ReadAll(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, bool forUpdate = false)
    {
        var sql = "SELECT friendly_name, xml FROM data_protection_keys ORDER BY created_at, friendly_name"
            + (forUpdate ? " FOR UPDATE" : string.Empty);
        using var command = new NpgsqlCommand(sql, connection, transaction);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, XElement)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), XElement.Parse(reader.GetString(1))));
        }

        return rows;
    }
}
