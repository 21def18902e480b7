using System.CommandLine;
using System.Globalization;
using System.Text;
using TikiVip.Sdk.Signing;

namespace TikiVip.Cli.Commands;

/// <summary><c>tikivip sign</c> and <c>tikivip verify</c>: the SDK's signature, by hand.</summary>
internal static class SignCommands
{
    public static Command Sign(CliRunner run)
    {
        var timestamp = new Option<long?>("--timestamp") { Description = "Unix time in milliseconds (default: now)." };
        var data = DataOptions.Create();
        var command = new Command("sign", """
            Signs data as Tiki VIP does and prints the signature and the three headers.
            Data comes from --data, --data-file or standard input.
            Example: tikivip sign --client-id ID --client-secret SECRET --timestamp 1620621619569 --data '{"id":123}'
            """)
        {
            timestamp, data.Text, data.File,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var options = context.Options(requireEndpoint: false);
            var bytes = await data.ReadAsync(context, ct);
            var signedAt = context.Value(timestamp) ?? TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            if (signedAt < 0)
            {
                throw new CliUsageException("--timestamp must not be negative.");
            }

            var signature = TikiVipSignature.Compute(signedAt, options.ClientId, bytes, options.ClientSecret);
            context.Write(
                (TikiVipHeaders.Timestamp, signedAt.ToString(CultureInfo.InvariantCulture)),
                (TikiVipHeaders.ClientId, options.ClientId),
                (TikiVipHeaders.Signature, signature));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Verify(CliRunner run)
    {
        var timestamp = new Option<long>("--timestamp") { Description = "Unix time in milliseconds the signature was made for.", Required = true };
        var signature = new Option<string>("--signature") { Description = "The signature to check (64 hex characters).", Required = true };
        var data = DataOptions.Create();
        var command = new Command("verify", """
            Checks a signature in constant time. Exit code 0 when valid, 1 when not.
            Example: tikivip verify --timestamp 1620621619569 --signature 8ebd09... --data-file body.json
            """)
        {
            timestamp, signature, data.Text, data.File,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var options = context.Options(requireEndpoint: false);
            var bytes = await data.ReadAsync(context, ct);
            var valid = context.Value(timestamp) >= 0
                && TikiVipSignature.Verify(context.Value(signature), context.Value(timestamp), options.ClientId, bytes, options.ClientSecret);
            context.Write(("valid", valid));
            return valid ? ExitCodes.Success : ExitCodes.Rejected;
        }));
        return command;
    }

    /// <summary>The data to sign or verify: --data, --data-file, or standard input.</summary>
    private sealed record DataOptions(Option<string?> Text, Option<FileInfo?> File)
    {
        public static DataOptions Create() => new(
            new Option<string?>("--data") { Description = "The signed data: a body, or for a GET the path and query, e.g. /transaction?tiki_transaction_id=X." },
            new Option<FileInfo?>("--data-file") { Description = "Read the data from a file, byte for byte." });

        public async Task<byte[]> ReadAsync(CliContext context, CancellationToken cancellationToken)
        {
            var text = context.Value(Text);
            var file = context.Value(File);
            if (text is not null && file is not null)
            {
                throw new CliUsageException("Give either --data or --data-file, not both.");
            }

            if (file is not null)
            {
                return file.Exists
                    ? await System.IO.File.ReadAllBytesAsync(file.FullName, cancellationToken)
                    : throw new CliUsageException($"--data-file: '{file.FullName}' does not exist.");
            }

            if (text is not null)
            {
                return Encoding.UTF8.GetBytes(text);
            }

            if (context.Input is null)
            {
                throw new CliUsageException("No data: give --data, --data-file, or pipe it on standard input.");
            }

            return Encoding.UTF8.GetBytes(await context.Input.ReadToEndAsync(cancellationToken));
        }
    }
}
