using Microsoft.AspNetCore.Http;

namespace TikiVip.Sdk.Operations;

/// <summary>
/// The page's one check of what a request's path and query carry before any page reads them: a NUL character can
/// be neither stored nor searched for (PostgreSQL's text refuses it, and no id, name or note holds one), so such a
/// request is answered 400 saying which value, instead of failing deep inside a store. (A form's NUL is refused by
/// ASP.NET's form reader itself, which every action's guard answers with 400.)
/// </summary>
internal static class RequestInput
{
    public static IResult? RefuseUnstorable(HttpContext context)
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

        return null;
    }

    private static IResult Refuse(string what, string name) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: $"The {what} '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character (U+0000).",
        detail: "No transaction id, request id, name or note contains one: search again with the text as it was written.");
}
