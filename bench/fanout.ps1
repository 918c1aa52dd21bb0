# P8 of bench/run.sh: one configuration applied through PowerShell remoting to every host at once, against
# each host applying it alone. The hosts share this machine's cores, so wall time cannot show parallelism:
# the figure is CPU time, the machine's busy time (/proc/stat) while the apply runs, every process of every
# host counted. Prints "ALL_MS SLOWEST_MS ALL_CPU_S SUM_CPU_S" — wall time of all at once and of the slowest
# host alone (ms), CPU seconds of all at once and the sum of each host's alone (medians of -Runs); the jobs
# are removed, unmeasured, after every run.
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

function Get-BusySeconds {
    # The first line of /proc/stat: user nice system idle iowait irq softirq steal, in USER_HZ (100 a second).
    $fields = ((Get-Content -Path /proc/stat -TotalCount 1) -split '\s+')[1..8] | ForEach-Object { [long]$_ }
    ($fields[0] + $fields[1] + $fields[2] + $fields[5] + $fields[6] + $fields[7]) / 100.0
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Measure-Apply([System.Management.Automation.Runspaces.PSSession[]] $On) {
    $wall = [System.Collections.Generic.List[double]]::new()
    $cpu = [System.Collections.Generic.List[double]]::new()
    foreach ($run in 1..$Runs) {
        $busy = Get-BusySeconds
        $wall.Add((Measure-Command { Invoke-BackgroundJobConfiguration -Path $Configuration -Session $On -ThrottleLimit $On.Count -Confirm:$false | Out-Null }).TotalMilliseconds)
        $cpu.Add((Get-BusySeconds) - $busy)
        Invoke-Command -Session $On -ScriptBlock { Import-Module ServiceManagement; Remove-BackgroundJobDefinition -Name 'p8.*' -Confirm:$false } | Out-Null
    }
    [pscustomobject]@{ Wall = Get-Median $wall; Cpu = Get-Median $cpu }
}

$alone = @($sessions | ForEach-Object { Measure-Apply @($_) })
$all = Measure-Apply $sessions
[string]::Format([cultureinfo]::InvariantCulture, '{0:F1} {1:F1} {2:F2} {3:F2}', $all.Wall, ($alone.Wall | Measure-Object -Maximum).Maximum, $all.Cpu, ($alone.Cpu | Measure-Object -Sum).Sum)
$sessions | Remove-PSSession
