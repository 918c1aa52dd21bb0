# The module's root: it imports the dependency isolation for this edition (ServiceManagement.Loader.psm1) and
# then the cmdlet assembly, and declares the PowerShell DSC resource BackgroundJob: one job, declared with the
# configuration file's properties, made so by the module's own cmdlets (Import-, Test- and
# Invoke-BackgroundJobConfiguration), so that a DSC configuration, a jobs: file and the cmdlets always agree.
# Written in the subset of PowerShell that both Windows PowerShell 5.1 and PowerShell 7 parse.

Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'ServiceManagement.Loader.psm1')
Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'ServiceManagement.dll')

[DscResource(RunAsCredential = 'Optional')]
class BackgroundJob
{
    # The job's name, reverse-DNS style: com.example.backup.
    [DscProperty(Key)]
    [string] $Name

    # Daemon, Agent or LoginItem.
    [DscProperty(Mandatory)]
    [string] $Kind

    # System or User; by default System for daemons and User otherwise.
    [DscProperty()]
    [string] $Scope

    # The user a user-scoped job belongs to.
    [DscProperty()]
    [string] $User

    # The absolute path of the executable.
    [DscProperty()]
    [string] $Program

    [DscProperty()]
    [string[]] $Arguments

    [DscProperty()]
    [string] $WorkingDirectory

    [DscProperty()]
    [hashtable] $Environment

    [DscProperty()]
    [string] $Description

    # Automatic, Manual or Disabled.
    [DscProperty()]
    [string] $StartupType

    # Never, OnFailure or Always.
    [DscProperty()]
    [string] $Restart

    # A timer interval such as 15m; not with Cron.
    [DscProperty()]
    [string] $Every

    # A five-field cron expression; not with Every.
    [DscProperty()]
    [string] $Cron

    # The IPC name a client asks for to start the job (launchd MachServices, D-Bus activation on systemd).
    [DscProperty()]
    [string] $ActivationName

    # Files or directories whose change starts the job once (launchd WatchPaths, a systemd path unit).
    [DscProperty()]
    [string[]] $WatchPaths

    # Directories the job is started for while they hold entries (launchd QueueDirectories).
    [DscProperty()]
    [string[]] $QueueDirectories

    [DscProperty()]
    [string] $StandardOutputPath

    [DscProperty()]
    [string] $StandardErrorPath

    # Present or Absent.
    [DscProperty()]
    [string] $Ensure = 'Present'

    # Running or Stopped; by default Running for an automatic job, Stopped for a disabled one, not checked for
    # a manual one or a login item (the engine's rule). Get reports what the job manager says.
    [DscProperty()]
    [string] $State

    # True when the job on the machine carries ServiceManagement's marker.
    [DscProperty(NotConfigurable)]
    [bool] $Managed

    [BackgroundJob] Get()
    {
        $actual = [BackgroundJob]::new()
        $actual.Name = $this.Name
        $actual.Kind = $this.Kind
        $actual.Ensure = 'Absent'
        $found = ServiceManagement\Get-BackgroundJobDefinition -Name ([WildcardPattern]::Escape($this.Name)) -ErrorAction SilentlyContinue |
            Where-Object { $_.Kind.ToString() -eq $this.Kind } |
            Select-Object -First 1
        if ($null -eq $found) {
            return $actual
        }

        $actual.Ensure = 'Present'
        $actual.Scope = $found.Scope.ToString()
        $actual.User = $found.User
        $actual.Program = $found.Program
        $actual.Arguments = @($found.Arguments)
        $actual.WorkingDirectory = $found.WorkingDirectory
        $actual.Description = $found.Description
        $actual.StandardOutputPath = $found.StandardOutputPath
        $actual.StandardErrorPath = $found.StandardErrorPath
        $actual.Managed = $found.Managed
        if ($null -ne $found.StartupType) {
            $actual.StartupType = $found.StartupType.ToString()
        }

        if ($null -ne $found.Restart) {
            $actual.Restart = $found.Restart.Policy.ToString()
        }

        if ($null -ne $found.Schedule) {
            if ($null -ne $found.Schedule.Every) {
                $actual.Every = $found.Schedule.Every.ToString()
            }

            if ($null -ne $found.Schedule.Cron) {
                $actual.Cron = $found.Schedule.Cron.ToString()
            }
        }

        if ($null -ne $found.Activation) {
            $actual.ActivationName = $found.Activation.Name
        }

        if ($null -ne $found.Watch) {
            $actual.WatchPaths = @($found.Watch.Paths)
            $actual.QueueDirectories = @($found.Watch.QueueDirectories)
        }

        $status = ServiceManagement\Get-BackgroundJobStatus -Name ([WildcardPattern]::Escape($this.Name)) -Kind $this.Kind -ErrorAction SilentlyContinue |
            Select-Object -First 1
        if ($null -ne $status -and $null -ne $status.RunState) {
            $actual.State = $status.RunState.ToString()
        }

        $actual.Environment = @{}
        foreach ($key in $found.Environment.Keys) {
            if ($found.SecretEnvironment -notcontains $key) {
                $actual.Environment[$key] = $found.Environment[$key]
            }
        }

        return $actual
    }

    [bool] Test()
    {
        return ServiceManagement\Test-BackgroundJobConfiguration -InputObject $this.Entries() -Quiet
    }

    [void] Set()
    {
        ServiceManagement\Invoke-BackgroundJobConfiguration -InputObject $this.Entries() -Confirm:$false | Out-Null
    }

    # The declared job as the module's configuration entries: the configuration file's keys, as JSON.
    hidden [object[]] Entries()
    {
        $job = [ordered]@{
            name = $this.Name
            kind = [BackgroundJob]::Camel($this.Kind)
            ensure = [BackgroundJob]::Camel($this.Ensure)
        }
        $text = [ordered]@{
            scope = $this.Scope
            user = $this.User
            program = $this.Program
            workingDirectory = $this.WorkingDirectory
            description = $this.Description
            startupType = $this.StartupType
            state = $this.State
            standardOutputPath = $this.StandardOutputPath
            standardErrorPath = $this.StandardErrorPath
        }
        foreach ($key in $text.Keys) {
            if (-not [string]::IsNullOrEmpty($text[$key])) {
                $job[$key] = $text[$key]
            }
        }

        foreach ($key in @('scope', 'startupType', 'state')) {
            if ($job.Contains($key)) {
                $job[$key] = [BackgroundJob]::Camel($job[$key])
            }
        }

        if ($null -ne $this.Arguments) {
            $job['arguments'] = @($this.Arguments)
        }

        if ($null -ne $this.Environment) {
            $job['environment'] = $this.Environment
        }

        if (-not [string]::IsNullOrEmpty($this.Restart)) {
            $job['restart'] = @{ policy = [BackgroundJob]::Camel($this.Restart) }
        }

        # Both, when both are given: the engine refuses the pair with its own finding.
        $schedule = [ordered]@{}
        if (-not [string]::IsNullOrEmpty($this.Every)) {
            $schedule['every'] = $this.Every
        }

        if (-not [string]::IsNullOrEmpty($this.Cron)) {
            $schedule['cron'] = $this.Cron
        }

        if ($schedule.Count -gt 0) {
            $job['schedule'] = $schedule
        }

        if (-not [string]::IsNullOrEmpty($this.ActivationName)) {
            $job['activation'] = @{ name = $this.ActivationName }
        }

        $watch = [ordered]@{}
        if ($this.WatchPaths.Count -gt 0) {
            $watch['paths'] = @($this.WatchPaths)
        }

        if ($this.QueueDirectories.Count -gt 0) {
            $watch['queueDirectories'] = @($this.QueueDirectories)
        }

        if ($watch.Count -gt 0) {
            $job['watch'] = $watch
        }

        # An invalid job is a terminating error whose message is every finding, so that Test and Set never run
        # on nothing (PowerShell DSC would report an empty argument instead).
        $json = ConvertTo-Json -InputObject @{ jobs = @($job) } -Depth 8
        $findings = $null
        $entries = @(ServiceManagement\Import-BackgroundJobConfiguration -Content $json -ErrorAction SilentlyContinue -ErrorVariable findings)
        if ($findings.Count -eq 1) {
            throw $findings[0]
        }

        if ($findings.Count -gt 1) {
            throw [System.ArgumentException]::new((@($findings | ForEach-Object { $_.ToString() }) -join [Environment]::NewLine))
        }

        return $entries
    }

    # Configuration files spell enum values in camelCase: LoginItem is loginItem.
    hidden static [string] Camel([string] $value)
    {
        if ([string]::IsNullOrEmpty($value)) {
            return $value
        }

        return $value.Substring(0, 1).ToLowerInvariant() + $value.Substring(1)
    }
}
