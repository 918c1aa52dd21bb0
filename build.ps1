<#
.SYNOPSIS
    Builds, tests and packages ServiceManagement: a thin wrapper over dotnet.
.DESCRIPTION
    Build   compiles the solution; the module project lays the module out under
            ./artifacts/module/<Configuration>/ServiceManagement, and its bin folder is copied to ./bin so
            that Import-Module ./ServiceManagement.psd1 works from a clone.
    Test    runs tests/run.sh where bash exists (the same command CI runs, Pester suite included),
            else dotnet test. With only the .NET SDK: dotnet tool restore; dotnet pwsh ./build.ps1 Test.
    Package copies the laid-out module to ./out/ServiceManagement and publishes svcmgmt under
            ./out/svcmgmt: NativeAOT on linux-x64, framework-dependent ReadyToRun elsewhere.
.EXAMPLE
    ./build.ps1 Build
.EXAMPLE
    ./build.ps1 Test -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-ModuleLayout {
    Join-Path $root "artifacts/module/$Configuration/ServiceManagement"
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'ServiceManagement.sln'), '--configuration', $Configuration, '-warnaserror')
    $bin = Join-Path $root 'bin'
    if (Test-Path $bin) { Remove-Item $bin -Recurse -Force }
    Copy-Item -Path (Join-Path (Get-ModuleLayout) 'bin') -Destination $bin -Recurse
}

function Invoke-Test {
    # tests/run.sh is the one test command: it installs what the tests need, builds, runs the xunit tests
    # and the Pester suite (inside a real systemd, as root) and ends with "N passed, N failed, N skipped".
    if (Get-Command bash -ErrorAction SilentlyContinue) {
        Invoke-Native bash @((Join-Path $root 'tests/run.sh'))
    }
    else {
        Invoke-Native dotnet @('test', (Join-Path $root 'ServiceManagement.sln'), '--configuration', $Configuration)
        Write-Warning 'The Pester suite runs the cmdlets against a real systemd (tests/run.sh, on Linux as root); here only the xunit tests ran.'
    }
}

function Invoke-Package {
    Invoke-Build
    $out = Join-Path $root 'out'
    $module = Join-Path $out 'ServiceManagement'
    if (Test-Path $module) { Remove-Item $module -Recurse -Force }
    New-Item -ItemType Directory -Path $module | Out-Null
    Copy-Item -Path (Join-Path (Get-ModuleLayout) '*') -Destination $module -Recurse
    # svcmgmt ships for linux-x64 as NativeAOT (the project says so for that runtime); elsewhere framework-dependent.
    $publish = @('publish', (Join-Path $root 'src/ServiceManagement.Cli'), '--configuration', 'Release', '--output', (Join-Path $out 'svcmgmt'))
    $linux = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)
    if ($linux -and [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'X64') {
        $publish += @('--runtime', 'linux-x64')
    }
    Invoke-Native dotnet $publish
}

foreach ($name in $Task) {
    & "Invoke-$name"
}
