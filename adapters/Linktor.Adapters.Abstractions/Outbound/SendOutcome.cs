namespace Linktor.Adapters;

public enum SendOutcome
{
    Sent,
    Retryable,
    Permanent,
}
