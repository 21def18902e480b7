using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.DependencyInjection;

/// <summary>
/// Reads the values configuration binding would refuse with a converter's message, first, and refuses them naming
/// the key and the valid values instead (binding itself is case-insensitive: <c>sandbox</c> works).
/// </summary>
internal static class TikiVipConfigurationCheck
{
    public static void Check(IConfiguration section)
    {
        var path = section is IConfigurationSection named ? named.Path : TikiVipOptions.SectionName;
        if (section["Environment"] is { Length: > 0 } environment && !EnumSetting.TryParse<TikiVipEnvironment>(environment, out _))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TikiVipOptions),
                [$"{path}:Environment is '{environment}': use Production or Sandbox (in any case), or leave it out and set {path}:BaseAddress."]);
        }
    }
}
