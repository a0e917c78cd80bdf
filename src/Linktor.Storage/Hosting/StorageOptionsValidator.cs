using Microsoft.Extensions.Options;

namespace Linktor.Storage.Hosting;

/// <summary>Checks <c>Linktor:Postgres</c> at start: a connection string, and batch limits the writer can work with.</summary>
[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
