# The module as it ships, through PowerShell's own package manager: published to a folder repository with
# Publish-PSResource (the folder ./build.ps1 Package lays out, staged by tests/run.sh), installed with
# Install-PSResource, then imported by name in a new PowerShell.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    $repository = Join-Path -Path $Work -ChildPath 'repository'
    $installed = Join-Path -Path $Work -ChildPath 'installed'
    New-Item -ItemType Directory -Path $repository, $installed | Out-Null
}

AfterAll {
    Unregister-PSResourceRepository -Name SmPesterLocal -ErrorAction SilentlyContinue
}

Describe 'Packaging' {
    It 'publishes the laid-out module, installs it and imports it by name' {
        Register-PSResourceRepository -Name SmPesterLocal -Uri $repository -Trusted
        Publish-PSResource -Path (Split-Path -Path $env:SM_MODULE -Parent) -Repository SmPesterLocal
        @(Get-ChildItem -Path $repository -Filter 'servicemanagement.*.nupkg').Count | Should -Be 1
        Save-PSResource -Name ServiceManagement -Repository SmPesterLocal -Path $installed -TrustRepository
        $manifest = Join-Path -Path $installed -ChildPath 'ServiceManagement/0.1.0/ServiceManagement.psd1'
        Test-Path -Path $manifest | Should -BeTrue

        $script = "`$env:PSModulePath = '$installed' + [System.IO.Path]::PathSeparator + `$env:PSModulePath; Import-Module ServiceManagement -ErrorAction Stop; (Get-Module ServiceManagement).ModuleBase; (Get-Command -Module ServiceManagement).Count; (Get-BackgroundJobDefinition -Name 'getty@').Name"
        $output = & dotnet pwsh -NoLogo -NoProfile -NonInteractive -Command $script
        $LASTEXITCODE | Should -Be 0
        $output[0] | Should -Be (Split-Path -Path $manifest -Parent)
        $output[1] | Should -Be ([string]@((Import-PowerShellDataFile -Path $env:SM_MODULE).CmdletsToExport).Count)
        $output[2] | Should -Be 'getty@'
    }

    It 'installs with Install-PSResource into the user scope' {
        Install-PSResource -Name ServiceManagement -Repository SmPesterLocal -Scope CurrentUser -TrustRepository
        (Get-InstalledPSResource -Name ServiceManagement).Version.ToString() | Should -Be '0.1.0'
        Uninstall-PSResource -Name ServiceManagement
    }
}
