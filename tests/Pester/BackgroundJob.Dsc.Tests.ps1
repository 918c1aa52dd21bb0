# The PowerShell DSC class resource BackgroundJob: found where PowerShell DSC looks, and converging a real job.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    $modules = Split-Path -Path (Split-Path -Path $env:SM_MODULE -Parent) -Parent

    function New-Resource {
        # An instance of the class as PowerShell DSC makes one: in the module's own scope.
        param([hashtable] $Property)
        $resource = & (Get-Module -Name ServiceManagement) { [BackgroundJob]::new() }
        foreach ($key in $Property.Keys) {
            $resource.$key = $Property[$key]
        }

        $resource
    }
}

AfterAll {
    Remove-TestJob sm.pester.dsc
}

Describe 'The BackgroundJob DSC resource' {
    It 'is reported by Get-Module -ListAvailable, whose root module is a script module' {
        $env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $available = Get-Module -ListAvailable -Name ServiceManagement | Select-Object -First 1
        $available.ExportedDscResources | Should -Be @('BackgroundJob')
        $available.RootModule | Should -Be 'bin/BackgroundJobDsc.psm1'
        @($available.ExportedCmdlets.Keys).Count | Should -Be @((Import-PowerShellDataFile -Path $env:SM_MODULE).CmdletsToExport).Count
    }

    It 'creates a job with Set when Test finds it missing, then Test is true' {
        $resource = New-Resource @{ Name = 'sm.pester.dsc'; Kind = 'Daemon'; Program = '/bin/sleep'; Arguments = @('1000'); Description = 'from DSC'; Restart = 'OnFailure' }
        $resource.Get().Ensure | Should -Be 'Absent'
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        Get-UnitProperty -Unit sm.pester.dsc.service -Property ActiveState | Should -Be 'active'
        Get-UnitProperty -Unit sm.pester.dsc.service -Property Restart | Should -Be 'on-failure'
        $state = $resource.Get()
        $state.Ensure | Should -Be 'Present'
        $state.Managed | Should -BeTrue
        $state.Description | Should -Be 'from DSC'
    }

    It 'finds drift in one property made by hand, and Set puts it back' {
        & sed -i 's/^Description=from DSC/Description=changed by hand/' /etc/systemd/system/sm.pester.dsc.service
        & systemctl daemon-reload
        $resource = New-Resource @{ Name = 'sm.pester.dsc'; Kind = 'Daemon'; Program = '/bin/sleep'; Arguments = @('1000'); Description = 'from DSC'; Restart = 'OnFailure' }
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        Get-UnitProperty -Unit sm.pester.dsc.service -Property Description | Should -Be 'from DSC'
    }

    It 'converges the run state: a job stopped by hand is not in desired state, and State Stopped stops it' {
        $resource = New-Resource @{ Name = 'sm.pester.dsc'; Kind = 'Daemon'; Program = '/bin/sleep'; Arguments = @('1000'); Description = 'from DSC'; Restart = 'OnFailure' }
        & systemctl stop sm.pester.dsc.service
        $resource.Get().State | Should -Be 'Stopped'
        $resource.Test() | Should -BeFalse
        $resource.Set()
        Get-UnitProperty -Unit sm.pester.dsc.service -Property ActiveState | Should -Be 'active'
        $resource.Get().State | Should -Be 'Running'
        $resource.State = 'Stopped'
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        Get-UnitProperty -Unit sm.pester.dsc.service -Property ActiveState | Should -Be 'inactive'
    }

    It 'declares a job started on demand: its watched path armed by Set, nothing running, its trigger changed by a new Set' {
        New-Item -ItemType Directory -Path /run/sm-pester-watched -Force | Out-Null
        $resource = New-Resource @{ Name = 'sm.pester.dscwatch'; Kind = 'Daemon'; Program = '/bin/true'; WatchPaths = @('/run/sm-pester-watched') }
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        Get-UnitProperty -Unit sm.pester.dscwatch.path -Property ActiveState | Should -Be 'active'
        Get-UnitProperty -Unit sm.pester.dscwatch.service -Property ExecMainStartTimestampMonotonic | Should -Be '0'
        $resource.Get().WatchPaths | Should -Be @('/run/sm-pester-watched')
        (& systemctl show --value -p Paths sm.pester.dscwatch.path) | Should -Be '/run/sm-pester-watched (PathChanged)'

        $queue = New-Resource @{ Name = 'sm.pester.dscwatch'; Kind = 'Daemon'; Program = '/bin/true'; QueueDirectories = @('/run/sm-pester-watched') }
        $queue.Test() | Should -BeFalse
        $queue.Set()
        $queue.Test() | Should -BeTrue
        (& systemctl show --value -p Paths sm.pester.dscwatch.path) | Should -Be '/run/sm-pester-watched (DirectoryNotEmpty)'
        Remove-TestJob sm.pester.dscwatch
    }

    It 'throws the finding itself for an invalid job, in Test and in Set' {
        $invalid = New-Resource @{ Name = 'sm/pester'; Kind = 'Daemon'; Program = '' }
        { $invalid.Test() } | Should -Throw -ExpectedMessage '*sm/pester*'
        { $invalid.Set() } | Should -Throw -ExpectedMessage '*sm/pester*'
        $both = New-Resource @{ Name = 'sm.pester.both'; Kind = 'Daemon'; Program = '/bin/true'; Every = '15m'; Cron = '0 2 * * *' }
        { $both.Test() } | Should -Throw -ExpectedMessage '*schedule*'
        Get-UnitProperty -Unit sm.pester.both.service -Property LoadState | Should -Be 'not-found'
    }

    It 'removes the job with Ensure Absent' {
        $resource = New-Resource @{ Name = 'sm.pester.dsc'; Kind = 'Daemon'; Ensure = 'Absent' }
        $resource.Test() | Should -BeFalse
        $resource.Set()
        $resource.Test() | Should -BeTrue
        Get-UnitProperty -Unit sm.pester.dsc.service -Property LoadState | Should -Be 'not-found'
    }
}
