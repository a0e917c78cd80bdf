using Microsoft.Extensions.Options;

namespace Linktor.Api.Auth;

/// <summary>Checks <c>Linktor:Auth</c> at start: a long enough signing key, positive token lifetimes, a login lock that can work.</summary>
[OptionsValidator]
public sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>;
