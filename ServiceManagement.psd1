@{
    # The root module is the PowerShell DSC class resource's script: PSDesiredStateConfiguration reads class
    # resources only from a script root module, and refuses a manifest that names a binary module, so the script
    # imports the loader (dependency isolation) and the cmdlet assembly itself.
    RootModule           = 'bin/BackgroundJobDsc.psm1'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f1f0c3e-5a4b-4b8e-9d1e-2c7a9b4e8f10'
    Author               = 'ServiceManagement contributors'
    CompanyName          = 'ServiceManagement contributors'
    Copyright            = '(c) ServiceManagement contributors'
    Description          = 'Create, inspect and remove background jobs (daemons, per-user agents and login items) on macOS (launchd), Linux (systemd, XDG autostart) and Windows (services, Task Scheduler, Run keys) from one portable definition, and converge a machine to a declared set of jobs.'
    PowerShellVersion    = '5.1'

    FormatsToProcess     = @(
        'bin/ServiceManagement.format.ps1xml'
    )
    TypesToProcess       = @(
        'bin/ServiceManagement.types.ps1xml'
    )
    CmdletsToExport      = @(
        'Disable-BackgroundJob',
        'Enable-BackgroundJob',
        'Export-BackgroundJobConfiguration',
        'Get-BackgroundJobDefinition',
        'Get-BackgroundJobLog',
        'Get-BackgroundJobSecurity',
        'Get-BackgroundJobStatus',
        'Get-BackgroundJobSupport',
        'Import-BackgroundJobConfiguration',
        'Invoke-BackgroundJobConfiguration',
        'New-Agent',
        'New-Daemon',
        'New-LoginItem',
        'Remove-BackgroundJobDefinition',
        'Reset-BackgroundJobDefinition',
        'Restart-BackgroundJob',
        'Set-BackgroundJobDefinition',
        'Start-BackgroundJob',
        'Stop-BackgroundJob',
        'Test-BackgroundJobConfiguration',
        'Test-BackgroundJobDefinition',
        'Watch-BackgroundJob'
    )
    # PowerShell reports a manifest's DscResourcesToExport (Get-Module -ListAvailable, and so PowerShell DSC)
    # only when FunctionsToExport is a wildcard; the root script defines no function, so none is exported.
    FunctionsToExport    = '*'
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
