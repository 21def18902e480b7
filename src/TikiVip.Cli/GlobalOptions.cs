using System.CommandLine;

namespace TikiVip.Cli;

/// <summary>Options every command accepts; each may come from the SDK's environment variables instead.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> ClientId { get; } = new("--client-id") { Description = "Client id (or TikiVip__ClientId).", Recursive = true };

    public Option<string?> ClientSecret { get; } = new("--client-secret") { Description = "Client secret (or TikiVip__ClientSecret). The one you give is never printed (the emulator prints its own public test secret).", Recursive = true };

    public Option<string?> Environment { get; } = new("--environment") { Description = "sandbox or production, in any case (or TikiVip__Environment).", Recursive = true };

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "API base URL, e.g. an emulator's (or TikiVip__BaseAddress).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print machine-readable JSON.", Recursive = true };

    public IEnumerable<Option> All => [ClientId, ClientSecret, Environment, BaseUrl, Json];
}
