namespace TikiVip.Sdk.Testing;

/// <summary>Settings of a <see cref="TikiVipEmulator"/>.</summary>
public sealed class TikiVipEmulatorOptions
{
    /// <summary>The test credentials the emulator accepts and signs refunds with. Default: <c>emulator-client</c>.</summary>
    public string ClientId { get; set; } = "emulator-client";

    /// <summary>The test secret. Default: a fixed, public test value; never a real secret.</summary>
    public string ClientSecret { get; set; } = "emulator-secret-not-for-production-0123456789abcdef";

    /// <summary>The loopback port to listen on; 0 picks a free one. Default: 0.</summary>
    public int Port { get; set; }

    /// <summary>How old or new a request's timestamp may be. Default: 5 minutes, as Tiki.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The emulator's clock (for timestamps it checks and signs). Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
