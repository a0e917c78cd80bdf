using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>Checks <c>Linktor:WebChat</c> at start: every limit has a positive <c>PerMinute</c> and <c>Burst</c>.</summary>
[OptionsValidator]
public sealed partial class WebChatLimitOptionsValidator : IValidateOptions<WebChatLimitOptions>;
