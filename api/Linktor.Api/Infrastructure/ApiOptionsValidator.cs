using Microsoft.Extensions.Options;

namespace Linktor.Api.Infrastructure;

/// <summary>Checks <c>Linktor:Api</c> at start: positive size and rate limits, proxy lists that parse.</summary>
[OptionsValidator]
public sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>;
