using System.Globalization;
using System.Text.Json;

namespace Linktor.Testing.FakeProviders;

/// <summary>Errors in Twilio's REST format, <c>{code, message, more_info, status}</c>, for <see cref="FakeProviderServer.InjectFault"/>.</summary>
public sealed partial class FakeTwilio
{
    /// <summary>Any Twilio REST error: HTTP <paramref name="httpStatus"/> with Twilio <paramref name="code"/>.</summary>
    public static Fault Error(int httpStatus, int code, string message) =>
        new(httpStatus, JsonSerializer.Serialize(ErrorBody(httpStatus, code, message)));

    /// <summary>400 / 21610: the recipient replied STOP (permanent).</summary>
    public static Fault Unsubscribed() => Error(400, 21610, "Attempt to send to unsubscribed recipient");

    /// <summary>400 / 21211: the 'To' number is not a valid phone number (permanent).</summary>
    public static Fault InvalidRecipient() => Error(400, 21211, "The 'To' number is not a valid phone number.");

    /// <summary>400 / 21408: the account may not send to the recipient's region (permanent).</summary>
    public static Fault RegionNotPermitted() => Error(400, 21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number");

    /// <summary>401 / 20003: bad credentials (permanent).</summary>
    public static Fault AuthenticationFailed() => Error(401, 20003, "Authenticate");

    /// <summary>429 / 20429 with <c>Retry-After</c> (retryable; Twilio did not process the request).</summary>
    public static Fault TooManyRequests(int retryAfterSeconds) => Error(429, 20429, "Too Many Requests") with
    {
        Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) },
    };

    /// <summary>500 / 20500: Twilio's internal error (retryable).</summary>
    public static Fault ServerError() => Error(500, 20500, "An internal server error has occurred");
}
