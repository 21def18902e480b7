using System.Reflection;
using Microsoft.Extensions.Configuration;
using TikiVip.Sdk.Reconciliation.Layouts;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace TikiVip.Sdk.Reconciliation.Tests.Scheduling;

/// <summary>
/// Every typed setting of the reconciliation, given a value the configuration binder cannot convert, is named by the
/// validation with its key and value, never thrown by the binder: found by reflection, so a setting added later is
/// covered without a test of its own.
/// </summary>
public sealed class SettingsBindingTests
{
    public static TheoryData<string> TypedSettings()
    {
        var data = new TheoryData<string>();
        foreach (var key in Typed(typeof(ReconciliationJobOptions), ""))
        {
            data.Add(key);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypedSettings))]
    public void A_value_that_cannot_be_converted_is_named_with_its_key_not_thrown(string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = "§?" }).Build();
        var options = new ReconciliationJobOptions();

        ReconciliationSettingsBinder.BindJob(configuration, options);
        var problems = new ReconciliationJobOptionsValidator().Validate(null, options).Failures ?? [];

        var setting = key.Split(':')[^1];
        Assert.Contains(problems, p => p.Contains($"{setting} '§?' is not", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_the_binder_converts_are_bound_in_any_case_and_empty_ones_keep_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LineEnding"] = "lf",
            ["Header"] = "FALSE",
            ["MaxLinesPerFile"] = "",
            ["Columns:0:Field"] = "tikitransactionid",
            ["Columns:0:Name"] = "id",
        }).Build();

        var layout = ReconciliationSettingsBinder.BindLayout(configuration, strict: true);

        Assert.Empty(layout.Validate());
        Assert.Equal((ReconciliationLineEnding.Lf, false, ReconciliationFileLayout.TikiMaxLinesPerFile), (layout.LineEnding, layout.Header, layout.MaxLinesPerFile));
        Assert.Equal(ReconciliationField.TikiTransactionId, Assert.Single(layout.Columns).Field);
    }

    [Theory]
    [InlineData("""{ "Columns": [], "StatusNames": {} }""", false)]
    [InlineData("""{ "Mode": "FullDay", "Layout": { "Columns": [] } }""", true)]
    [InlineData("""{ "Layout": {} }""", true)]
    public void An_empty_list_or_object_is_a_section_with_nothing_in_it_not_an_unknown_setting(string json, bool answer)
    {
        // JSON's empty list is a key with an empty value in configuration; the CLI's strict binding once took it for a misspelt setting.
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

        var problems = answer
            ? ReconciliationSettingsBinder.BindResults(configuration, strict: true).Validate()
            : ReconciliationSettingsBinder.BindLayout(configuration, strict: true).Validate();

        Assert.Empty(problems);
    }

    [Fact]
    public void A_number_for_an_enum_is_refused_by_name_rather_than_bound_to_an_undefined_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mode"] = "7" }).Build();

        var results = ReconciliationSettingsBinder.BindResults(configuration, strict: true);

        Assert.Equal(["Mode '7' is not one of Exceptions, FullDay."], results.Validate());
    }

    /// <summary>The configuration keys of every settable, non-text setting under <paramref name="type"/> (a list's first item for a list).</summary>
    private static IEnumerable<string> Typed(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = prefix + property.Name;
            var propertyType = property.PropertyType;
            if (propertyType == typeof(string))
            {
                continue;
            }

            if (propertyType.IsValueType)
            {
                yield return key;
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(IList<>))
            {
                foreach (var nested in Typed(propertyType.GetGenericArguments()[0], key + ":0:"))
                {
                    yield return nested;
                }
            }
            else if (propertyType.Namespace!.StartsWith("TikiVip", StringComparison.Ordinal))
            {
                foreach (var nested in Typed(propertyType, key + ":"))
                {
                    yield return nested;
                }
            }
        }
    }
}
