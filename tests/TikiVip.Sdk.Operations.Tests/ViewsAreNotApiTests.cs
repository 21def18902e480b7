using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>
/// Razor makes every component public; the page's views must still not become an API: hidden from IntelliSense,
/// and given their data by injection (internal types), not by parameters a partner could set.
/// </summary>
public sealed class ViewsAreNotApiTests
{
    private static readonly Type[] Views = typeof(Microsoft.AspNetCore.Builder.TikiVipOperationsEndpointExtensions).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == "TikiVip.Sdk.Operations.Views" && t.Name != "_Imports").ToArray();

    [Fact]
    public void Every_view_is_hidden()
    {
        Assert.NotEmpty(Views);
        Assert.All(Views, view => Assert.Equal(EditorBrowsableState.Never, view.GetCustomAttribute<EditorBrowsableAttribute>()?.State));
    }

    [Fact]
    public void Only_the_layout_and_the_post_form_take_parameters_and_those_are_plain_text_and_markup()
    {
        var parameters = Views.SelectMany(view => view.GetProperties().Where(p => p.IsDefined(typeof(ParameterAttribute))).Select(p => (View: view.Name, p.Name, p.PropertyType)))
            .OrderBy(p => p.View, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [("Layout", "ChildContent", typeof(RenderFragment)), ("Layout", "Section", typeof(string)), ("Layout", "Title", typeof(string)),
             ("PostForm", "Action", typeof(string)), ("PostForm", "ChildContent", typeof(RenderFragment))],
            parameters);
    }
}
