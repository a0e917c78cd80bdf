using Microsoft.Extensions.Options;

namespace Linktor.Api.Seeding;

/// <summary>Checks <c>Linktor:Seed</c> at start: the demo admin's address.</summary>
[OptionsValidator]
public sealed partial class SeedOptionsValidator : IValidateOptions<SeedOptions>;
