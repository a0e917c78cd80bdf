namespace Linktor.Contracts.Tenants;

public enum UserStatus
{
    Active,
    Disabled,
}
