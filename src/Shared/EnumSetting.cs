namespace TikiVip.Sdk.Shared;

/// <summary>
/// How the SDK reads an enum setting from configuration: by its name, in any case, and never a number or a
/// combination, which the configuration binder would take ("7", "A, B") and turn into a value that names nothing.
/// </summary>
internal static class EnumSetting
{
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        var name = text?.Trim();
        return !string.IsNullOrEmpty(name) && char.IsLetter(name![0]) && name.IndexOf(',') < 0 && Enum.TryParse(name, ignoreCase: true, out value);
    }
}
