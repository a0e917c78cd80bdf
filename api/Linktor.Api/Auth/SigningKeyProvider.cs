using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Linktor.Api.Auth;

/// <summary>
/// The token signing key: the configured one, or one generated on first start and kept in
/// PostgreSQL (<c>platform_secrets</c>) so every API node of a cluster signs and checks alike.
/// </summary>
public sealed class SigningKeyProvider(IOptions<AuthOptions> options, NpgsqlDataSource dataSource)
{
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is not loaded yet.");

    public async Task LoadAsync(CancellationToken ct)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // Its length was checked at start (AuthOptions).
            _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
            return;
        }

        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        await using var cmd = dataSource.CreateCommand("""
            WITH inserted AS (
                INSERT INTO platform_secrets (name, value) VALUES ('auth.signing_key', $1) ON CONFLICT (name) DO NOTHING RETURNING value)
            SELECT value FROM inserted
            UNION ALL
            SELECT value FROM platform_secrets WHERE name = 'auth.signing_key' AND NOT EXISTS (SELECT 1 FROM inserted)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = generated });
        var value = (string)(await cmd.ExecuteScalarAsync(ct))!;
        _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(value));
    }
}
