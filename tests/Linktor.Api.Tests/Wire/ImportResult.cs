using System.Text.Json;

namespace Linktor.Api.Tests.Wire;

/// <summary><c>POST /api/v1/contacts/import</c>.</summary>
public sealed record ImportResult(int Created, IReadOnlyList<JsonElement> Skipped);
