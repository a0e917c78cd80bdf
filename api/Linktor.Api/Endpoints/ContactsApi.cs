using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Storage.Retention;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Endpoints;

/// <summary>Contacts: the people a tenant talks to, with their identity on each channel.</summary>
public static class ContactsApi
{
    public static RouteGroupBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/contacts").WithTags("Contacts").RequireAuthorization(AuthSchemes.TenantPolicy)
            .AddEndpointFilter<IdempotencyFilter>();
        api.MapGet("/", ListAsync).WithSummary("Contacts, newest first; `q` matches name, email, phone and identities.");
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPatch("/{id:guid}", UpdateAsync);
        api.MapDelete("/{id:guid}", DeleteAsync)
            .WithSummary("Delete a contact; with `erase=true` (admins), erase it and everything held about it.")
            .WithDescription("""
                Without `erase`, the contact leaves the lists and its identities are released; its conversations and messages
                stay. With `erase=true` its messages (with status history and attachments), conversations, identities, search
                text, and the events and webhook deliveries that carry them are deleted everywhere, and an erasure record
                (who, when, how much: no personal data) is kept. Answers 204 once done.
                """);
        api.MapContactDataApi();
        api.MapPost("/import", ImportAsync)
            .WithSummary("Import contacts from CSV (text/csv body or a multipart `file`).")
            .WithDescription("""
                Header row required. Columns name, email, phone and labels (separated by ';') fill those fields; any
                other column becomes a custom attribute. Every row is checked first: if one is invalid, nothing is
                imported and the errors name the rows. Rows whose email or phone an existing contact has are skipped.
                """);
        return api;
    }

    public static async Task<Results<Ok<Page<ContactRecord>>, ProblemHttpResult>> ListAsync(
        [AsParameters] ContactsServices services, string? q, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(Paging.ToPage(await services.Contacts.ListAsync(services.Caller.TenantId, q, page, ct)));
    }

    public static async Task<Results<Ok<ContactRecord>, ProblemHttpResult>> GetAsync(Guid id, [AsParameters] ContactsServices services, CancellationToken ct)
    {
        var contact = await services.Contacts.GetAsync(services.Caller.TenantId, id, ct);
        return contact is null ? ApiProblems.NotFound("The contact") : TypedResults.Ok(contact);
    }

    public static async Task<Results<Created<ContactRecord>, ProblemHttpResult>> CreateAsync(
        CreateContactRequest body, [AsParameters] ContactsServices services, CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        ValidateProfile(body.Name, body.Email, body.Phone, body.Labels, body.CustomAttributes, v);
        var identities = await ResolveIdentitiesAsync(caller.TenantId, body.Identities, services, v, ct);
        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await services.Grains.Get<IContactGrain>(GrainKeys.Scoped(caller.TenantId, Guid.CreateVersion7())).CreateAsync(new ContactDraft
        {
            Name = body.Name?.Trim(),
            Email = body.Email?.Trim().ToLowerInvariant(),
            Phone = body.Phone?.Trim(),
            CustomAttributes = body.CustomAttributes ?? [],
            Labels = NormalizeLabels(body.Labels),
            Identities = identities,
        });
        return GrainResults.Created(result, c => $"/api/v1/contacts/{c.Id}");
    }

    public static async Task<Results<Ok<ContactRecord>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateContactRequest body, [AsParameters] ContactsServices services, CancellationToken ct)
    {
        var caller = services.Caller;
        var v = new Validator();
        ValidateProfile(body.Name.Value, body.Email.Value, body.Phone.Value, body.Labels, body.CustomAttributes, v);
        var identities = body.Identities is null ? null : await ResolveIdentitiesAsync(caller.TenantId, body.Identities, services, v, ct);
        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await services.Grains.Get<IContactGrain>(GrainKeys.Scoped(caller.TenantId, id)).UpdateAsync(new ContactPatch
        {
            SetName = body.Name.IsSet,
            Name = body.Name.Value?.Trim(),
            SetEmail = body.Email.IsSet,
            Email = body.Email.Value?.Trim().ToLowerInvariant(),
            SetPhone = body.Phone.IsSet,
            Phone = body.Phone.Value?.Trim(),
            CustomAttributes = body.CustomAttributes,
            Labels = body.Labels is null ? null : NormalizeLabels(body.Labels),
            Identities = identities,
        });
        return GrainResults.Ok(result);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, bool? erase, [AsParameters] ContactsServices services, ErasureStore erasures, TimeProvider time, ILogger<ErasureStore> logger,
        CancellationToken ct) =>
        erase == true
            ? await ContactDataApi.EraseAsync(id, services.Caller, services.Grains, erasures, time, logger, ct)
            : GrainResults.NoContent(await services.Grains.Get<IContactGrain>(GrainKeys.Scoped(services.Caller.TenantId, id)).DeleteAsync());

    public static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportAsync(
        HttpContext http, [AsParameters] ContactsServices services, IOptions<ApiOptions> options, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.Value.MaxImportBytes;
        }

        string text;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                return ApiProblems.Validation("file", "Attach the CSV file as `file`.");
            }

            using var reader = new StreamReader(form.Files[0].OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        else
        {
            using var reader = new StreamReader(http.Request.Body);
            text = await reader.ReadToEndAsync(ct);
        }

        List<string[]> rows;
        try
        {
            rows = Csv.Parse(text);
        }
        catch (FormatException ex)
        {
            return ApiProblems.Validation("file", ex.Message);
        }

        var v = new Validator();
        var header = rows.Count > 0 ? rows[0].Select(h => h.Trim().ToLowerInvariant()).ToArray() : [];
        if (!header.Any(h => h is "name" or "email" or "phone"))
        {
            return ApiProblems.Validation("file", "The first row must be a header naming at least one of: name, email, phone.");
        }

        // Two columns of one name would make every row ambiguous (which cell is the email?): say which, change nothing.
        if (header.Where(h => h.Length > 0).GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { Key: var repeated })
        {
            return ApiProblems.Validation("file", $"The header names the column '{repeated}' more than once.");
        }

        var drafts = new List<(int Line, ContactDraft Draft)>();
        for (var i = 1; i < rows.Count; i++)
        {
            var cells = header.Zip(rows[i].Concat(Enumerable.Repeat(string.Empty, header.Length))).ToDictionary(p => p.First, p => p.Second.Trim());
            string? Cell(string name) => cells.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
            var (name, email, phone) = (Cell("name"), Cell("email")?.ToLowerInvariant(), Cell("phone"));
            var line = i + 1;
            if (name is null && email is null && phone is null)
            {
                v.Add($"rows[{line}]", "A name, email or phone is needed.");
            }

            v.Email(email, $"rows[{line}].email");
            v.MaxLength(name, 200, $"rows[{line}].name");
            drafts.Add((line, new ContactDraft
            {
                Name = name,
                Email = email,
                Phone = phone,
                Labels = NormalizeLabels(Cell("labels")?.Split(';')),
                CustomAttributes = cells.Where(c => c.Key is not ("name" or "email" or "phone" or "labels") && c.Key.Length > 0 && c.Value.Length > 0)
                    .ToDictionary(c => c.Key, c => c.Value),
            }));
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        var tenantId = services.Caller.TenantId;
        var (emails, phones) = await services.Contacts.FindTakenAsync(tenantId,
            [.. drafts.Select(d => d.Draft.Email).OfType<string>()], [.. drafts.Select(d => d.Draft.Phone).OfType<string>()], ct);
        var skipped = new List<ImportSkip>();
        var created = 0;
        foreach (var (line, draft) in drafts)
        {
            if (draft.Email is { } e && !emails.Add(e) || draft.Phone is { } p && !phones.Add(p))
            {
                skipped.Add(new ImportSkip(line, "A contact with this email or phone exists already."));
                continue;
            }

            var result = await services.Grains.Get<IContactGrain>(GrainKeys.Scoped(tenantId, Guid.CreateVersion7())).CreateAsync(draft);
            if (result.IsSuccess)
            {
                created++;
            }
            else
            {
                skipped.Add(new ImportSkip(line, result.Problem!.Detail));
            }
        }

        return TypedResults.Ok(new ImportResult(created, skipped));
    }

    private static void ValidateProfile(
        string? name, string? email, string? phone, IReadOnlyList<string>? labels, Dictionary<string, string>? attributes, Validator v)
    {
        v.MaxLength(name, 200, "name");
        v.Email(email?.Trim(), "email");
        if (phone is not null && (phone.Trim().Length is 0 or > 32 || !phone.Trim().All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
        {
            v.Add("phone", "A phone number: digits, optionally with +, spaces, dashes or parentheses.");
        }

        if (labels is not null && labels.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > 64))
        {
            v.Add("labels", "Each label is 1–64 characters.");
        }

        if (attributes is not null && attributes.Count > 100)
        {
            v.Add("custom_attributes", "At most 100 attributes.");
        }
    }

    private static async Task<List<ContactIdentity>> ResolveIdentitiesAsync(
        Guid tenantId, IReadOnlyList<IdentityInput>? inputs, ContactsServices services, Validator v, CancellationToken ct)
    {
        var identities = new List<ContactIdentity>();
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
        {
            var input = inputs![i];
            var path = $"identities[{i}]";
            if (!v.Required(input.ChannelId, $"{path}.channel_id") | !v.Required(input.ExternalId, $"{path}.external_id"))
            {
                continue;
            }

            var channel = await services.Channels.GetAsync(tenantId, input.ChannelId!.Value, ct);
            if (channel is null || input.ChannelType is { } type && type != channel.Type)
            {
                v.Add($"{path}.channel_id", "No such channel in this tenant (or of another type).");
                continue;
            }

            var normalized = await services.Grains.Get<IChannelGrain>(GrainKeys.Scoped(tenantId, channel.Id))
                .NormalizeAddressAsync(input.ExternalId!, $"{path}.external_id");
            if (normalized.IsSuccess)
            {
                identities.Add(new ContactIdentity(channel.Id, channel.Type, normalized.Value!));
            }
            else
            {
                v.Add($"{path}.external_id", normalized.Problem!.Detail);
            }
        }

        return identities;
    }

    private static string[] NormalizeLabels(IEnumerable<string>? labels) =>
        labels is null ? [] : [.. labels.Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct()];
}
