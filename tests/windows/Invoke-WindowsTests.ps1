# Runs tests/windows/Windows.Tests.ps1 with Pester inside the PowerShell host under Wine and prints
# "Windows Pester: N passed, N failed, N skipped" and each failure; the host writes it all to a file.
param(
    [Parameter(Mandatory = $true)]
    [string] $PesterPath,

    [Parameter(Mandatory = $true)]
    [string] $ModulePath,

    [Parameter(Mandatory = $true)]
    [string] $ServicePath
)

$ErrorActionPreference = 'Stop'
$env:SM_MODULE = $ModulePath
$env:SM_SERVICE = $ServicePath
Import-Module -Name $PesterPath
$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path -Path $PSScriptRoot -ChildPath 'Windows.Tests.ps1'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'None'
$result = Invoke-Pester -Configuration $configuration
foreach ($test in $result.Failed) {
    'FAILED: {0}: {1}' -f $test.ExpandedPath, ($test.ErrorRecord | Select-Object -First 1)
}

foreach ($block in $result.FailedBlocks + $result.FailedContainers) {
    'FAILED: {0}: {1}' -f $block, ($block.ErrorRecord | Select-Object -First 1)
}

'Windows Pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount), ($result.SkippedCount + $result.NotRunCount)
