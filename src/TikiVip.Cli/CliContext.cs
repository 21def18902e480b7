using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TikiVip.Sdk;

namespace TikiVip.Cli;

/// <summary>What every command needs: output, the --json switch, and settings from flags over environment variables.</summary>
internal sealed class CliContext
{
    private readonly ParseResult _parse;
    private readonly GlobalOptions _global;
    private readonly IReadOnlyDictionary<string, string?> _environment;

    public CliContext(ParseResult parse, GlobalOptions global, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> environment, TextReader? input)
    {
        _parse = parse;
        _global = global;
        Output = output;
        Error = error;
        _environment = environment;
        Input = input;
        Json = parse.GetValue(global.Json);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public TextReader? Input { get; }

    public bool Json { get; }

    public T? Value<T>(Option<T> option) => _parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => _parse.GetValue(argument);

    /// <summary>An environment variable, as the tool received it.</summary>
    public string? Variable(string name) => _environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>The SDK options: each flag wins over its <c>TikiVip__*</c> environment variable, validated as the SDK validates them.</summary>
    public TikiVipOptions Options(bool requireEndpoint)
    {
        using var services = CreateServices(requireEndpoint);
        return services.GetRequiredService<IOptions<TikiVipOptions>>().Value;
    }

    /// <summary>Services built exactly as a partner's application builds them, with the settings already validated.</summary>
    public ServiceProvider CreateServices(bool requireEndpoint = true)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in _environment)
        {
            if (key.StartsWith("TikiVip__", StringComparison.OrdinalIgnoreCase))
            {
                settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        Set(settings, "TikiVip:ClientId", Value(_global.ClientId));
        Set(settings, "TikiVip:ClientSecret", Value(_global.ClientSecret));
        Set(settings, "TikiVip:Environment", Value(_global.Environment));
        Set(settings, "TikiVip:BaseAddress", Value(_global.BaseUrl));
        if (!requireEndpoint && !settings.ContainsKey("TikiVip:Environment") && !settings.ContainsKey("TikiVip:BaseAddress"))
        {
            settings["TikiVip:Environment"] = "Sandbox"; // signing calls nothing; this only satisfies validation
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(configuration.GetSection(TikiVipOptions.SectionName));
        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<TikiVipOptions>>().Value;
            return provider;
        }
        catch (OptionsValidationException ex)
        {
            provider.Dispose();
            throw new CliUsageException(ex.Failures.First()
                .Replace("TikiVip:ClientId", "--client-id (or TikiVip__ClientId)", StringComparison.Ordinal)
                .Replace("TikiVip:ClientSecret", "--client-secret (or TikiVip__ClientSecret)", StringComparison.Ordinal)
                .Replace("TikiVip:Environment", "--environment (or TikiVip__Environment)", StringComparison.Ordinal)
                .Replace("TikiVip:BaseAddress", "--base-url (or TikiVip__BaseAddress)", StringComparison.Ordinal));
        }
        catch (InvalidOperationException ex)
        {
            provider.Dispose();
            throw new CliUsageException($"Invalid setting: {ex.Message}");
        }
    }

    /// <summary>Writes one result: a JSON object with --json, else "name: value" lines.</summary>
    public void Write(params (string Name, object? Value)[] fields)
    {
        if (Json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in fields)
                {
                    switch (value)
                    {
                        case null: writer.WriteNull(name); break;
                        case bool b: writer.WriteBoolean(name, b); break;
                        case int i: writer.WriteNumber(name, i); break;
                        case long l: writer.WriteNumber(name, l); break;
                        default: writer.WriteString(name, value.ToString()); break;
                    }
                }

                writer.WriteEndObject();
            }

            Output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return;
        }

        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                Output.WriteLine($"{name}: {value}");
            }
        }
    }

    private static void Set(Dictionary<string, string?> settings, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            settings[key] = value;
        }
    }
}
