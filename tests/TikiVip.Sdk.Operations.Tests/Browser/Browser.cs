using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace TikiVip.Sdk.Operations.Tests.Browser;

/// <summary>Headless Chromium driven by ChromeDriver, both from Debian's packages: nothing is downloaded.</summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private readonly string _profile = Path.Combine(Path.GetTempPath(), "tikivip-chromium-" + Guid.NewGuid().ToString("N"));

    public Browser()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };

        // The closed network refuses Chromium's own background connections: switch them off.
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--lang=en-US", "--window-size=1280,900", "--user-data-dir=" + _profile);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    public void Open(Uri address) => Driver.Navigate().GoToUrl(address);

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>The element, once the page (loading after a click) has it.</summary>
    public IWebElement WaitFor(string css) =>
        Eventually.Value(() => FindAll(css).FirstOrDefault(), () => $"{Driver.Url} to show {css}; it shows:\n{Driver.FindElement(By.TagName("body")).Text}", TimeSpan.FromSeconds(10));

    /// <summary>
    /// The text of <paramref name="css"/> once it holds <paramref name="expected"/>, read again while a click's next page
    /// replaces the one it was found on (the element of the page before goes stale); what it shows when it never does.
    /// </summary>
    public string WaitForText(string css, string expected)
    {
        string? last = null;
        try
        {
            return Eventually.Value(
                () =>
                {
                    try
                    {
                        last = FindAll(css).FirstOrDefault()?.Text;
                        return last is not null && last.Contains(expected, StringComparison.Ordinal) ? last : null;
                    }
                    catch (StaleElementReferenceException)
                    {
                        return null;
                    }
                },
                () => $"{Driver.Url} to show '{expected}' in {css}",
                TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            return last ?? ""; // the caller's assertion names what was shown instead
        }
    }

    /// <summary>The visible text of the page's main part.</summary>
    public string MainText => Find("main").Text;

    /// <summary>Reloads <paramref name="address"/> until <paramref name="done"/> holds (a background service works meanwhile).</summary>
    public void OpenUntil(Uri address, Func<Browser, bool> done, TimeSpan? timeout = null) =>
        Eventually.Value(() => { Open(address); return done(this) ? this : null; }, () => $"{address} to show what was expected; it shows:\n{MainText}", timeout ?? TimeSpan.FromSeconds(20));

    /// <summary>
    /// Saves the whole page as a PNG at <paramref name="width"/> pixels wide, into TIKIVIP_SCREENSHOTS (the README's
    /// docs/operations when regenerating them) or the test output.
    /// </summary>
    public string Screenshot(string name, int width = 1280)
    {
        var directory = Environment.GetEnvironmentVariable("TIKIVIP_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        Driver.Manage().Window.Size = new System.Drawing.Size(width, 900);
        var height = Convert.ToInt32(Driver.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        Driver.Manage().Window.Size = new System.Drawing.Size(width, Math.Min(Math.Max(height, 400), 4000) + 150); // the window's own frame
        var path = Path.Combine(directory, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        Driver.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
