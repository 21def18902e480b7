namespace TikiVip.Cli;

/// <summary>The command line or the configuration is wrong: exit code 2 with a one-line message.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
