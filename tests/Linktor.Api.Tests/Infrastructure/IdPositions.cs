using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// Every place the running app takes an id: route parameters, id-typed fields of JSON bodies (nested too),
/// id-typed query parameters, and id parameters of hub methods. Read from the app's own endpoint metadata and
/// hub types, so a new route or field shows up here without anyone remembering to list it.
/// </summary>
public static class IdPositions
{
    /// <summary>Keys like <c>GET /api/v1/users/{id:guid}</c>, <c>POST /api/v1/conversations/ body:contact_id</c>,
    /// <c>GET /api/v1/conversations/ query:channel_id</c>, <c>hub /hubs/inbox JoinConversation(conversationId)</c>.</summary>
    public static SortedSet<string> Discover(EndpointDataSource endpoints, IEnumerable<(string Path, Type Hub)> hubs)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            var routeParameters = pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var route = $"{method} {pattern.RawText}";
                if (routeParameters.Count > 0)
                {
                    keys.Add(route);
                }

                if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } body)
                {
                    foreach (var field in IdFields(body, prefix: "", depth: 0))
                    {
                        keys.Add($"{route} body:{field}");
                    }
                }

                foreach (var parameter in endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters() ?? [])
                {
                    if (IsId(parameter.ParameterType) && !routeParameters.Contains(parameter.Name!))
                    {
                        var name = parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? SnakeCase(parameter.Name!);
                        keys.Add($"{route} query:{name}");
                    }
                }
            }
        }

        foreach (var (path, hub) in hubs)
        {
            foreach (var method in hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var name = method.GetCustomAttribute<HubMethodNameAttribute>()?.Name ?? method.Name;
                foreach (var parameter in method.GetParameters().Where(p => IsId(p.ParameterType)))
                {
                    keys.Add($"hub {path} {name}({parameter.Name})");
                }
            }
        }

        return keys;
    }

    private static IEnumerable<string> IdFields(Type type, string prefix, int depth)
    {
        if (depth > 4)
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
            {
                continue;
            }

            var name = prefix + (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? SnakeCase(property.Name));
            var propertyType = Unwrap(property.PropertyType);
            if (IsId(propertyType))
            {
                yield return name;
            }
            else if (ElementType(propertyType) is { } element && IsOurs(element))
            {
                foreach (var nested in IdFields(element, $"{name}[].", depth + 1))
                {
                    yield return nested;
                }
            }
            else if (IsOurs(propertyType))
            {
                foreach (var nested in IdFields(propertyType, $"{name}.", depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsId(Type type) => Unwrap(type) == typeof(Guid);

    /// <summary>Nullable&lt;T&gt; and the API's Optional&lt;T&gt; (a PATCH field) are their T.</summary>
    private static Type Unwrap(Type type)
    {
        while (true)
        {
            if (Nullable.GetUnderlyingType(type) is { } inner)
            {
                type = inner;
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition().Name.StartsWith("Optional", StringComparison.Ordinal))
            {
                type = type.GetGenericArguments()[0];
            }
            else
            {
                return type;
            }
        }
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)
            ? null
            : type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();

    private static bool IsOurs(Type type) => type.Namespace?.StartsWith("Linktor.", StringComparison.Ordinal) == true && !type.IsEnum;

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
