using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>
/// Every public method and constructor of every package documents each parameter and what it returns, as the
/// compiler cannot check (it only requires a summary). <c>&lt;inheritdoc/&gt;</c> counts as documented.
/// </summary>
public sealed class XmlDocsTests
{
    public static TheoryData<string> Packages => new()
    {
        "TikiVip.Sdk",
        "TikiVip.Sdk.AspNetCore",
        "TikiVip.Sdk.Testing",
        "TikiVip.Sdk.PostgreSql",
        "TikiVip.Sdk.Reconciliation",
        "TikiVip.Sdk.Operations",
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_parameter_and_return_value_is_documented(string package)
    {
        var assembly = Assembly.Load(package);
        var docs = LoadDocs(assembly);
        var gaps = new List<string>();
        foreach (var method in PublicMethods(assembly))
        {
            var id = DocId(method);
            if (!docs.TryGetValue(id, out var member))
            {
                gaps.Add($"{id}: no documentation");
                continue;
            }

            if (member.Element("inheritdoc") is not null)
            {
                continue;
            }

            var documented = member.Elements("param").Select(p => (string?)p.Attribute("name")).ToHashSet();
            gaps.AddRange(method.GetParameters().Where(p => !documented.Contains(p.Name)).Select(p => $"{id}: no <param name=\"{p.Name}\">"));
            if (method is MethodInfo m && m.ReturnType != typeof(void) && m.ReturnType != typeof(Task) && m.ReturnType != typeof(ValueTask)
                && member.Element("returns") is null)
            {
                gaps.Add($"{id}: no <returns>");
            }
        }

        Assert.True(gaps.Count == 0, $"{gaps.Count} gaps:\n" + string.Join('\n', gaps));
    }

    [Fact]
    public void Every_ITikiVipClient_member_documents_the_exceptions_it_throws()
    {
        var docs = LoadDocs(typeof(ITikiVipClient).Assembly);

        foreach (var method in typeof(ITikiVipClient).GetMethods())
        {
            var member = docs[DocId(method)];
            Assert.True(member.Elements("exception").Any(), $"{method.Name} documents no <exception>");
        }
    }

    private static Dictionary<string, XElement> LoadDocs(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(path), $"{path} is missing: the package must generate its documentation file.");
        return XDocument.Load(path).Descendants("member").ToDictionary(m => (string)m.Attribute("name")!);
    }

    private static IEnumerable<MethodBase> PublicMethods(Assembly assembly)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        // Razor makes the operations page's views (and its _Imports) public; they are hidden and not API.
        foreach (var type in assembly.GetExportedTypes().Where(t => !t.IsEnum && !typeof(Delegate).IsAssignableFrom(t)
            && t.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()?.State != System.ComponentModel.EditorBrowsableState.Never && t.Name != "_Imports"))
        {
            var members = type.GetMethods(Flags).Cast<MethodBase>().Concat(type.GetConstructors(Flags));
            foreach (var method in members.Where(m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName || m is ConstructorInfo { IsPublic: true }))
            {
                if (method.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)) || method.Name is "<Clone>$" or "Deconstruct"
                    || (method is ConstructorInfo && method.GetParameters().Length == 0) || IsOverrideOfFrameworkMember(method))
                {
                    continue;
                }

                yield return method;
            }
        }
    }

    private static bool IsOverrideOfFrameworkMember(MethodBase method) =>
        method is MethodInfo info && info.GetBaseDefinition().DeclaringType is { } declaring && declaring != info.DeclaringType
        && declaring.Assembly != info.DeclaringType!.Assembly;

    /// <summary>The documentation id the C# compiler writes for a method (ECMA-334 annex D).</summary>
    private static string DocId(MethodBase method)
    {
        var text = new StringBuilder("M:").Append(TypeName(method.DeclaringType!, false)).Append('.');
        text.Append(method is ConstructorInfo ? "#ctor" : method.Name);
        if (method.IsGenericMethodDefinition)
        {
            text.Append("``").Append(method.GetGenericArguments().Length);
        }

        var parameters = method.GetParameters();
        if (parameters.Length > 0)
        {
            text.Append('(').Append(string.Join(",", parameters.Select(p => TypeName(p.ParameterType, true)))).Append(')');
        }

        return text.ToString();
    }

    private static string TypeName(Type type, bool asParameter)
    {
        if (type.IsByRef)
        {
            return TypeName(type.GetElementType()!, asParameter) + "@";
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!, asParameter) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        var name = type.IsNested ? TypeName(type.DeclaringType!, asParameter) + "." + type.Name : type.Namespace + "." + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.LastIndexOf('`');
        if (!asParameter || type.IsGenericTypeDefinition)
        {
            return name;
        }

        return name[..tick] + "{" + string.Join(",", type.GetGenericArguments().Select(a => TypeName(a, true))) + "}";
    }
}
