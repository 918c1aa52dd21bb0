<#
.SYNOPSIS
    Builds, tests and packages ServiceManagement: a thin wrapper over dotnet.
.DESCRIPTION
    Build   compiles the solution and copies the module's output into ./bin, so that
            Import-Module ./ServiceManagement.psd1 works from a clone.
    Test    runs tests/run.sh where bash exists (the same command CI runs), else dotnet test;
            then the Pester tests in tests/Pester when Pester is installed.
    Package lays out a publishable module folder under ./out/ServiceManagement and publishes svcmgmt
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

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'ServiceManagement.sln'), '--configuration', $Configuration, '-warnaserror')
    $moduleOutput = Join-Path $root "src/ServiceManagement/bin/$Configuration/netstandard2.0"
    $bin = Join-Path $root 'bin'
    if (Test-Path $bin) { Remove-Item $bin -Recurse -Force }
    New-Item -ItemType Directory -Path $bin | Out-Null
    Copy-Item -Path (Join-Path $moduleOutput '*') -Destination $bin -Recurse
}

function Invoke-Test {
    if (Get-Command bash -ErrorAction SilentlyContinue) {
        Invoke-Native bash @((Join-Path $root 'tests/run.sh'))
    }
    else {
        Invoke-Native dotnet @('test', (Join-Path $root 'ServiceManagement.sln'), '--configuration', $Configuration)
    }

    $pester = Join-Path $root 'tests/Pester'
    if ((Test-Path $pester) -and (Get-Module -ListAvailable Pester)) {
        Invoke-Build
        $result = Invoke-Pester -Path $pester -PassThru
        if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
    }
}

function Invoke-Package {
    Invoke-Build
    $out = Join-Path $root 'out'
    $module = Join-Path $out 'ServiceManagement'
    if (Test-Path $module) { Remove-Item $module -Recurse -Force }
    New-Item -ItemType Directory -Path $module | Out-Null
    Copy-Item (Join-Path $root 'ServiceManagement.psd1'), (Join-Path $root 'bin'), (Join-Path $root 'en-US') -Destination $module -Recurse
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/ServiceManagement.Cli'), '--configuration', 'Release', '--output', (Join-Path $out 'svcmgmt'))
}

foreach ($name in $Task) {
    & "Invoke-$name"
}
