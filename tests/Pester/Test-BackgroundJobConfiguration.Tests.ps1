BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    $file = Join-Path -Path $Work -ChildPath 'test.yaml'
    Set-Content -Path $file -Value "jobs:`n  - { name: sm.pester.drift, kind: daemon, program: /bin/sleep, arguments: ['1000'], description: wanted }`n"
}

AfterAll {
    Remove-TestJob sm.pester.drift
}

Describe 'Test-BackgroundJobConfiguration' {
    It 'reports a job to create, then none once applied, then a drifted property' {
        Test-BackgroundJobConfiguration -Path $file -Quiet | Should -BeFalse
        (Test-BackgroundJobConfiguration -Path $file).Action | Should -Be 'Create'
        Invoke-BackgroundJobConfiguration -Path $file
        Test-BackgroundJobConfiguration -Path $file -Quiet | Should -BeTrue
        & sed -i 's/^Description=wanted/Description=edited by hand/' /etc/systemd/system/sm.pester.drift.service
        $drift = Test-BackgroundJobConfiguration -Path $file
        $drift.Action | Should -Be 'Update'
        ($drift.Changes | Where-Object Property -eq 'description').Actual | Should -Be 'edited by hand'
    }

    It 'reports a daemon stopped by hand as a run state to change, and Invoke starts it again' {
        Invoke-BackgroundJobConfiguration -Path $file
        & systemctl stop sm.pester.drift.service
        $stopped = Test-BackgroundJobConfiguration -Path $file
        $stopped.Action | Should -Be 'Update'
        $state = $stopped.Changes | Where-Object Property -eq 'state'
        ($state.Actual, $state.Desired) | Should -Be @('stopped', 'running')
        Invoke-BackgroundJobConfiguration -Path $file
        Get-UnitProperty -Unit sm.pester.drift.service -Property ActiveState | Should -Be 'active'
        Test-BackgroundJobConfiguration -Path $file -Quiet | Should -BeTrue
    }

    It 'writes the jobs already as declared too with -PassThru, and takes -Content' {
        $content = Get-Content -Path $file -Raw
        Invoke-BackgroundJobConfiguration -Content $content
        Test-BackgroundJobConfiguration -Content $content | Should -BeNullOrEmpty
        $all = @(Test-BackgroundJobConfiguration -Content $content -PassThru)
        $all.Count | Should -Be 1
        ($all[0].Name, $all[0].Action) | Should -Be @('sm.pester.drift', 'NoChange')
    }

    It 'tests the configuration exported from this machine as in its desired state' {
        $machine = Join-Path -Path $Work -ChildPath 'machine.yaml'
        Export-BackgroundJobConfiguration -Path $machine
        Test-BackgroundJobConfiguration -Path $machine -Quiet | Should -BeTrue
    }

    It 'takes entries by value and files by their FullName from the pipeline' {
        $entries = Import-BackgroundJobConfiguration -Content "jobs:`n  - { name: sm.pester.piped, kind: daemon, program: /bin/true }`n"
        ($entries | Test-BackgroundJobConfiguration).Action | Should -Be 'Create'
        (Get-Item -Path $file | Test-BackgroundJobConfiguration -Quiet) | Should -BeOfType [bool]
    }
}
