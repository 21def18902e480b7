using System.Runtime.Versioning;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Tests;

public sealed class NetStandardBuildTests
{
    [Fact]
    public void These_tests_run_against_the_netstandard20_build_of_the_core()
    {
        var framework = typeof(TikiVipSignature).Assembly.GetCustomAttributes(typeof(TargetFrameworkAttribute), false)
            .Cast<TargetFrameworkAttribute>().Single().FrameworkName;

        Assert.Equal(".NETStandard,Version=v2.0", framework);
    }
}
