using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace TikiVip.Sdk.IntegrationTests.PublicApi;

/// <summary>
/// Every package's public surface, compared with a checked-in text file, so that any change to it is visible
/// in review. After an intended change, copy the written <c>*.received.txt</c> over the baseline.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Packages => new()
    {
        "TikiVip.Sdk",
        "TikiVip.Sdk.AspNetCore",
        "TikiVip.Sdk.Testing",
        "TikiVip.Sdk.PostgreSql",
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_public_api_matches_the_baseline(string assemblyName)
    {
        var actual = Describe(Assembly.Load(assemblyName));
        var baselinePath = Path.Combine(SourceDirectory(), assemblyName + ".txt");
        var receivedPath = Path.Combine(SourceDirectory(), assemblyName + ".received.txt");
        var expected = File.Exists(baselinePath) ? File.ReadAllText(baselinePath).ReplaceLineEndings("\n") : "";

        if (expected != actual)
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"The public API of {assemblyName} changed. Review {receivedPath} and, if intended, copy it over {baselinePath}.");
        }

        File.Delete(receivedPath);
    }

    private static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Kind(type)).Append(' ').Append(Name(type));
            var bases = new[] { type.BaseType }.Where(b => b is not null && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && b != typeof(MulticastDelegate))
                .Concat(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).OrderBy(i => i.FullName, StringComparer.Ordinal))
                .Select(b => Name(b!)).ToList();
            text.Append(bases.Count > 0 ? " : " + string.Join(", ", bases) : "").Append('\n');

            foreach (var member in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("    ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
            {
                yield return $"{name} = {Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (var member in type.GetMembers(Flags))
        {
            var visible = member switch
            {
                ConstructorInfo c => c.IsPublic || c.IsFamily || c.IsFamilyOrAssembly,
                MethodInfo m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName,
                PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
                EventInfo e => e.AddMethod is { IsPublic: true },
                _ => false,
            };
            if (!visible || member.IsDefined(typeof(CompilerGeneratedAttribute)))
            {
                continue;
            }

            yield return member switch
            {
                ConstructorInfo c => $"ctor({Parameters(c)})",
                MethodInfo m => $"{(m.IsStatic ? "static " : "")}{(m.IsAbstract && !type.IsInterface ? "abstract " : m.IsVirtual && !m.IsFinal && !type.IsInterface ? "virtual " : "")}{Name(m.ReturnType)} {m.Name}{(m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(Name)) + ">" : "")}({Parameters(m)})",
                PropertyInfo p => $"{(p.GetAccessors(true)[0].IsStatic ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{ {Accessors(p)}}}",
                FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}{(f.IsLiteral ? " = " + f.GetRawConstantValue() : "")}",
                EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
                _ => member.ToString()!,
            };
        }
    }

    private static string Accessors(PropertyInfo property)
    {
        var text = "";
        if (property.GetMethod is { } get && (get.IsPublic || get.IsFamily))
        {
            text += "get; ";
        }

        if (property.SetMethod is { } set && (set.IsPublic || set.IsFamily))
        {
            var isInit = set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            text += isInit ? "init; " : "set; ";
        }

        return text;
    }

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p =>
            $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "")}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static string Kind(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = (type.IsNested ? Name(type.DeclaringType!) + "." : type.Namespace + ".") + type.Name;
        if (type.IsGenericType)
        {
            name = name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }

    // Found from the test's output folder rather than [CallerFilePath]: CI builds map source paths to "/_/".
    private static string SourceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TikiVip.Sdk.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "TikiVip.Sdk.IntegrationTests", "PublicApi");
            }
        }

        throw new InvalidOperationException($"TikiVip.Sdk.sln was not found above {AppContext.BaseDirectory}.");
    }
}
