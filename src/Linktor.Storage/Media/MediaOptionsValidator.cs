using Microsoft.Extensions.Options;

namespace Linktor.Storage.Media;

/// <summary>Checks <c>Linktor:Media</c> at start: positive limits, quotas that hold an upload, the chosen store's own settings.</summary>
[OptionsValidator]
public sealed partial class MediaOptionsValidator : IValidateOptions<MediaOptions>;
