using PartnerApp;

// `tikivip emulator` (or the settings in appsettings.Development.json) stands in for Tiki while you build.
var app = PartnerBackend.Build(args);
app.Run();
