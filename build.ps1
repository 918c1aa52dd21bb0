<#
.SYNOPSIS
    Builds, tests and packages ServiceManagement: a thin wrapper over dotnet.
.DESCRIPTION
    Build   compiles the solution; the module project lays the module out under
            ./artifacts/module/<Configuration>/ServiceManagement, and its bin folder is copied to ./bin so
            that Import-Module ./ServiceManagement.psd1 works from a clone.
    Test    runs tests/run.sh where bash exists (the same command CI runs), else dotnet test;
            then the Pester 5 tests in tests/Pester, or says why they were skipped.
    Package copies the laid-out module to ./out/ServiceManagement and publishes svcmgmt
            (ReadyToRun) under ./out/svcmgmt.
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
    if (Get-Command bash -ErrorAction SilentlyContinue) {
        Invoke-Native bash @((Join-Path $root 'tests/run.sh'))
    }
    else {
        Invoke-Native dotnet @('test', (Join-Path $root 'ServiceManagement.sln'), '--configuration', $Configuration)
    }

    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -ge 5 } | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: the tests in tests/Pester were skipped (Install-Module Pester).'
        return
    }

    Invoke-Build
    Import-Module $pester
    $env:SM_CONFIGURATION = $Configuration
    $result = Invoke-Pester -Path (Join-Path $root 'tests/Pester') -PassThru
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

function Invoke-Package {
    Invoke-Build
    $out = Join-Path $root 'out'
    $module = Join-Path $out 'ServiceManagement'
    if (Test-Path $module) { Remove-Item $module -Recurse -Force }
    New-Item -ItemType Directory -Path $module | Out-Null
    Copy-Item -Path (Join-Path (Get-ModuleLayout) '*') -Destination $module -Recurse
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/ServiceManagement.Cli'), '--configuration', 'Release', '--output', (Join-Path $out 'svcmgmt'))
}

foreach ($name in $Task) {
    & "Invoke-$name"
}
