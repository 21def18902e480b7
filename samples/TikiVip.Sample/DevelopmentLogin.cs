using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace TikiVip.Sample;

/// <summary>
/// A sign-in for trying the operations page on a developer's machine: any name, no password. Mapped only in the
/// Development environment; a real application signs its support staff in with its own identity provider.
/// </summary>
public static class DevelopmentLogin
{
    public const string Path = "/dev-login";

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            var html = $"""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
                <title>Development sign-in</title></head><body style="font-family:system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem">
                <h1>Development sign-in</h1><p>Only in the Development environment: any name, no password.</p>
                <form method="post"><input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
                <input type="hidden" name="returnUrl" value="{System.Net.WebUtility.HtmlEncode(returnUrl ?? PartnerApp.OperationsPath)}">
                <label>Name <input name="name" value="support@partner.example" required></label> <button type="submit">Sign in</button></form></body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        });

        app.MapPost(Path, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            var form = await context.Request.ReadFormAsync();
            var name = form["name"].ToString().Trim();
            if (name.Length is 0 or > 100)
            {
                return Results.BadRequest("A name of 1 to 100 characters is needed.");
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            // Back to where the sign-in came from, on this site only ("//host" and "/\host" leave it).
            var returnUrl = form["returnUrl"].ToString();
            var local = returnUrl.StartsWith('/') && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'));
            return Results.LocalRedirect(local ? returnUrl : PartnerApp.OperationsPath);
        });
    }
}
