using Microsoft.Extensions.Options;

namespace Linktor.Storage.DataProtection;

/// <summary>Checks <c>Linktor:Secrets</c> at start: a configured master key is 32 bytes of base64.</summary>
[OptionsValidator]
public sealed partial class MasterKeyOptionsValidator : IValidateOptions<MasterKeyOptions>;
