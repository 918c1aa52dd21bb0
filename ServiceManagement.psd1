@{
    RootModule           = 'bin/ServiceManagement.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f1f0c3e-5a4b-4b8e-9d1e-2c7a9b4e8f10'
    Author               = 'ServiceManagement contributors'
    CompanyName          = 'ServiceManagement contributors'
    Copyright            = '(c) ServiceManagement contributors'
    Description          = 'Create, inspect and remove background jobs (daemons, per-user agents and login items) on macOS (launchd), Linux (systemd, XDG autostart) and Windows (services, Task Scheduler, Run keys) from one portable definition, and converge a machine to a declared set of jobs.'
    PowerShellVersion    = '5.1'
    CmdletsToExport      = @(
        'Get-BackgroundJobSupport'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('service', 'daemon', 'launchd', 'systemd', 'scheduledtask', 'dsc', 'linux', 'macos', 'windows')
        }
    }
}
