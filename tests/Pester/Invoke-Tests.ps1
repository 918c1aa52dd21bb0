<#
.SYNOPSIS
    Runs the Pester suite (tests/Pester/*.Tests.ps1) with the Pester 5.7.1 restored beside it and prints
    "Pester: N passed, N failed, N skipped"; writes the three numbers to -CountsPath for tests/run.sh.
.DESCRIPTION
    tests/run.sh stages this folder, the module as laid out for shipping and Pester into the real-systemd
    harness and runs this script there (as root, inside the namespace), so that the cmdlets change a real
    systemd and never the host.
#>
param(
    [Parameter(Mandatory = $true)]
    [string] $ModulePath,

    [Parameter(Mandatory = $true)]
    [string] $PesterPath,

    [Parameter(Mandatory = $true)]
    [string] $CountsPath
)

$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath
$env:SM_MODULE = $ModulePath

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $configuration

$counts = '{0} {1} {2}' -f $result.PassedCount, ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount), ($result.SkippedCount + $result.NotRunCount)
Set-Content -Path $CountsPath -Value $counts
$numbers = $counts -split ' '
'Pester: {0} passed, {1} failed, {2} skipped' -f $numbers[0], $numbers[1], $numbers[2]
