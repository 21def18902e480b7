namespace TikiVip.Cli.Tests;

/// <summary><c>tikivip sign</c> / <c>verify</c> against the API reference's first vector.</summary>
public sealed class SignCommandTests
{
    private const string ClientId = "RLCKb7Ae9kx4DXtXsCWjnDXtggFnM43W";
    private const string Secret = "EhjGcsUUuRSJTHiYPbW5fxzyaKEx0JuAZIKRQ4HnIfNFidB2kMg6locQbTIEz3Vf";
    private const string Signature = "8ebd092b9df2cf90e8ccbcab2ba87ee14f2abb25eb8f18b4d7286d42adcd45c2";

    private static readonly string[] Credentials = ["--client-id", ClientId, "--client-secret", Secret];

    [Fact]
    public async Task Sign_prints_the_three_headers_of_the_reference_vector()
    {
        var run = await Cli.RunAsync(["sign", .. Credentials, "--timestamp", "1620621619569", "--data", "{\"id\":123}"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"X-Tikivip-Timestamp: 1620621619569{Environment.NewLine}X-Tikivip-Client-Id: {ClientId}{Environment.NewLine}X-Tikivip-Signature: {Signature}{Environment.NewLine}", run.Output);
        Assert.DoesNotContain(Secret, run.Output + run.Error);
    }

    [Fact]
    public async Task Sign_reads_standard_input_and_credentials_from_the_sdks_environment_variables()
    {
        var environment = new Dictionary<string, string?> { ["TikiVip__ClientId"] = ClientId, ["TikiVip__ClientSecret"] = Secret };

        var run = await Cli.RunAsync(["sign", "--timestamp", "1620621619569", "--json"], environment, stdin: "{\"id\":123}");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($$"""{"X-Tikivip-Timestamp":"1620621619569","X-Tikivip-Client-Id":"{{ClientId}}","X-Tikivip-Signature":"{{Signature}}"}""", run.Output.Trim());
    }

    [Fact]
    public async Task Flags_win_over_environment_variables()
    {
        var environment = new Dictionary<string, string?> { ["TikiVip__ClientId"] = "other", ["TikiVip__ClientSecret"] = "other" };

        var run = await Cli.RunAsync(["sign", .. Credentials, "--timestamp", "1620621619569", "--data", "{\"id\":123}"], environment);

        Assert.Contains(Signature, run.Output);
    }

    [Fact]
    public async Task Sign_reads_a_data_file_byte_for_byte()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"id\":123}");
        try
        {
            var run = await Cli.RunAsync(["sign", .. Credentials, "--timestamp", "1620621619569", "--data-file", file]);
            Assert.Contains(Signature, run.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Verify_exits_0_for_a_valid_signature_and_1_for_a_tampered_body()
    {
        var valid = await Cli.RunAsync(["verify", .. Credentials, "--timestamp", "1620621619569", "--signature", Signature, "--data", "{\"id\":123}"]);
        var invalid = await Cli.RunAsync(["verify", .. Credentials, "--timestamp", "1620621619569", "--signature", Signature, "--data", "{\"id\":124}"]);

        Assert.Equal((0, "valid: True"), (valid.ExitCode, valid.Output.Trim()));
        Assert.Equal((1, "valid: False"), (invalid.ExitCode, invalid.Output.Trim()));
    }

    [Theory]
    [InlineData("sandbox")]
    [InlineData("Sandbox")]
    [InlineData("SANDBOX")]
    public async Task The_environment_is_accepted_in_any_case(string environment)
    {
        var run = await Cli.RunAsync(["sign", "--client-id", "c", "--client-secret", "s", "--environment", environment, "--timestamp", "1", "--data", "x"]);

        Assert.Equal(0, run.ExitCode);
    }

    [Theory]
    [InlineData(new[] { "sign", "--timestamp", "1", "--data", "x" }, "--client-id (or TikiVip__ClientId) is required")]
    [InlineData(new[] { "sign", "--client-id", "c", "--client-secret", "s", "--data", "x", "--data-file", "f" }, "either --data or --data-file")]
    [InlineData(new[] { "sign", "--client-id", "c", "--client-secret", "s" }, "No data")]
    [InlineData(new[] { "sign", "--client-id", "c", "--client-secret", "s", "--data", "x", "--data-file", "/nonexistent" }, "either --data or --data-file")]
    [InlineData(new[] { "sign", "--client-id", "c", "--client-secret", "s", "--timestamp", "-1", "--data", "x" }, "--timestamp must not be negative")]
    [InlineData(new[] { "verify", "--client-id", "c", "--client-secret", "s", "--data", "x" }, "--timestamp")]
    [InlineData(new[] { "status", "--environment", "staging", "--tiki-transaction-id", "T", "--client-id", "c", "--client-secret", "s" }, "'staging': use Production or Sandbox (in any case)")]
    [InlineData(new[] { "ipn", "--client-id", "c", "--client-secret", "s", "--environment", "Sandbox", "--tiki-transaction-id", "T", "--transaction-id", "P", "--amount", "100.5" }, "--amount must be a whole number of VND, e.g. 100000; got '100.5'")]
    [InlineData(new[] { "refund", "send", "--client-id", "c", "--client-secret", "s", "--to", "http://127.0.0.1:9/r", "--tiki-transaction-id", "T", "--transaction-id", "P", "--amount", "100000", "--request-amount", "1e5" }, "--request-amount must be a whole number of VND")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    public async Task Usage_errors_exit_2_with_one_line_naming_the_problem(string[] args, string expected)
    {
        var run = await Cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains(expected, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("sign")]
    [InlineData("verify")]
    [InlineData("ipn")]
    [InlineData("status")]
    [InlineData("webview")]
    [InlineData("emulator")]
    public async Task Every_command_has_help_with_an_example(string command)
    {
        var run = await Cli.RunAsync([command, "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Example: tikivip {command}", run.Output);
    }

    [Fact]
    public async Task Refund_send_has_help_with_an_example()
    {
        var run = await Cli.RunAsync(["refund", "send", "--help"]);

        Assert.Contains("Example: tikivip refund send", run.Output);
    }
}
