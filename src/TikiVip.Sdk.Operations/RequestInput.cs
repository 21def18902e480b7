using Microsoft.AspNetCore.Http;

namespace TikiVip.Sdk.Operations;

/// <summary>
/// The page's one check of what a request carries before any page reads it: a NUL character can be neither
/// stored nor searched for (PostgreSQL's text refuses it, and no id, name or note holds one), so a request with
/// one in its path, query or form is answered 400 saying which value, instead of failing deep inside a store.
/// </summary>
internal static class RequestInput
{
    public static async Task<IResult?> RefuseUnstorableAsync(HttpContext context)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                return Refuse("path segment", name);
            }
        }

        foreach (var (name, values) in context.Request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return Refuse("query parameter", name);
            }
        }

        if (context.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form could not be read.", detail: ex.Message);
            }

            foreach (var (name, values) in form)
            {
                if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
                {
                    return Refuse("form field", name);
                }
            }
        }

        return null;
    }

    private static IResult Refuse(string what, string name) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: $"The {what} '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character (U+0000).",
        detail: "No transaction id, request id, name or note contains one: search again with the text as it was written.");
}
