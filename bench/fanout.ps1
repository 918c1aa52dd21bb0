# P8 of bench/run.sh: one configuration applied through PowerShell remoting to every host at once, against
# the slowest host applying it alone. Prints "ALL SLOWEST" in milliseconds (medians of -Runs); the jobs are
# removed, untimed, after every run.
param(
    [Parameter(Mandatory)] [string] $Address,   # the hosts' addresses, comma-separated
    [Parameter(Mandatory)] [string] $KeyFile,
    [Parameter(Mandatory)] [string] $Configuration,
    [Parameter(Mandatory)] [string] $Module,
    [int] $Runs = 5
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
$sessions = @($Address -split ',' | ForEach-Object { New-PSSession -HostName $_ -UserName root -KeyFilePath $KeyFile -Options $options })
Invoke-Command -Session $sessions -ScriptBlock { Import-Module ServiceManagement } | Out-Null

function Measure-Apply([System.Management.Automation.Runspaces.PSSession[]] $On) {
    $times = foreach ($run in 1..$Runs) {
        (Measure-Command { Invoke-BackgroundJobConfiguration -Path $Configuration -Session $On -ThrottleLimit $On.Count -Confirm:$false | Out-Null }).TotalMilliseconds
        Invoke-Command -Session $On -ScriptBlock { Import-Module ServiceManagement; Remove-BackgroundJobDefinition -Name 'p8.*' -Confirm:$false } | Out-Null
    }
    $sorted = @($times | Sort-Object)
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

$slowest = ($sessions | ForEach-Object { Measure-Apply @($_) } | Measure-Object -Maximum).Maximum
$all = Measure-Apply $sessions
[string]::Format([cultureinfo]::InvariantCulture, '{0:F1} {1:F1}', $all, $slowest)
$sessions | Remove-PSSession
