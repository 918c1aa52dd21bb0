using ServiceManagement.Platforms.Systemd;
using Xunit;

namespace ServiceManagement.Tests.Platforms.Systemd;

public class SystemdUnitNamesTests
{
    [Theory]
    [InlineData("web.service", "web.service web.socket", "web")]
    [InlineData("echo@.service", "echo@.service echo.socket", "echo")]
    [InlineData("systemd-journald@.service", "systemd-journald@.service systemd-journald.service systemd-journald.socket", "systemd-journald@")]
    [InlineData("getty@.service", "getty@.service", "getty@")]
    [InlineData("@.service", "@.service .socket", "@")]
    public void A_template_is_the_job_of_its_accepting_socket_only_when_no_service_has_the_name(string unit, string units, string job) =>
        Assert.Equal(job, SystemdUnitNames.JobName(unit, units.Split(' ').Contains));
}
