namespace Linktor.Contracts.Tenants;

/// <summary><c>admin</c> may do everything in the tenant; <c>agent</c> works conversations, contacts and messages.</summary>
public enum UserRole
{
    Admin,
    Agent,
}
