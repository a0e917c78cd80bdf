using Microsoft.AspNetCore.Identity;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>The real hasher, counting verifications: a sign-in's cost (and so its timing) shows in the count.</summary>
public sealed class CountingPasswordHasher : PasswordHasher<object>
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public override PasswordVerificationResult VerifyHashedPassword(object user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
