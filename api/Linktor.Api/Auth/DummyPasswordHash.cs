using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Linktor.Api.Auth;

/// <summary>
/// A hash of a random password, made like the stored ones: a sign-in for an email nobody has is verified against it,
/// so it costs the same time as a wrong password and the answer's timing does not tell whether the email exists.
/// </summary>
public sealed class DummyPasswordHash(IPasswordHasher<object> hasher)
{
    private readonly Lazy<string> _hash = new(() => hasher.HashPassword(new object(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    /// <summary>Spends one password verification; never succeeds.</summary>
    public void Verify(string password) => hasher.VerifyHashedPassword(new object(), _hash.Value, password);
}
