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

    # The loader comes first: it makes the engine and its dependencies load from bin/dependencies (in a load
    # context of their own on PowerShell 7) before the cmdlet assembly needs them.
    NestedModules        = @(
        'bin/ServiceManagement.Loader.psm1',
        'bin/BackgroundJobDsc.psm1'
    )
    FormatsToProcess     = @(
        'bin/ServiceManagement.format.ps1xml'
    )
    CmdletsToExport      = @(
        'Disable-BackgroundJob',
        'Enable-BackgroundJob',
        'Export-BackgroundJobConfiguration',
        'Get-BackgroundJobDefinition',
        'Get-BackgroundJobStatus',
        'Get-BackgroundJobSupport',
        'Import-BackgroundJobConfiguration',
        'Invoke-BackgroundJobConfiguration',
        'New-Agent',
        'New-Daemon',
        'New-LoginItem',
        'Remove-BackgroundJobDefinition',
        'Restart-BackgroundJob',
        'Set-BackgroundJobDefinition',
        'Start-BackgroundJob',
        'Stop-BackgroundJob',
        'Test-BackgroundJobConfiguration',
        'Test-BackgroundJobDefinition'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    DscResourcesToExport = @(
        'BackgroundJob'
    )
    PrivateData          = @{
        PSData = @{
            Tags         = @('service', 'daemon', 'agent', 'launchd', 'systemd', 'scheduledtask', 'dsc', 'desiredstate', 'linux', 'macos', 'windows', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/servicemanagement/ServiceManagement'
            LicenseUri   = 'https://github.com/servicemanagement/ServiceManagement/blob/main/LICENSE'
            ReleaseNotes = 'First release: inventory of every job on the machine; daemons, agents and login items on launchd, systemd and XDG autostart; desired state with plan, what-if diffs, prune of managed jobs only and rollback; svcmgmt and the DSC v3 resource.'
        }
    }
}
