namespace Linktor.Grains.Retention;

/// <summary>What one retention sweep deleted: messages past their tenants' period, and attachments (files) past theirs or with them.</summary>
public sealed record RetentionSweep(int Tenants, int Messages, int Attachments, int Files);
