using System.Net.Mail;
using Linktor.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Infrastructure;

/// <summary>Collects field errors (by JSON path) so one response names every problem at once.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Failed => _errors.Count > 0;

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public bool Required(object? value, string field)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
        {
            Add(field, "Required.");
            return false;
        }

        return true;
    }

    public void MaxLength(string? value, int max, string field)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"At most {max} characters.");
        }
    }

    public void Email(string? value, string field)
    {
        if (value is not null && !IsEmail(value))
        {
            Add(field, "Not a valid email address.");
        }
    }

    public static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('.', StringComparison.Ordinal);

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    public ProblemHttpResult Problem() => ApiProblems.Validation(Errors);

    public Problem ToProblem() => new(ProblemCode.ValidationFailed, "The request is not valid; see errors.", Errors);
}
