BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.log -Program /bin/sh -Arguments '-c', 'echo pester-log-one; echo pester-log-two >&2; exit 3' -Restart Never -Start
    New-Daemon -Name sm.pester.silent -Program /bin/true -StartupType Manual
}

AfterAll {
    Remove-TestJob sm.pester.log, sm.pester.silent
}

Describe 'Get-BackgroundJobLog' {
    It 'returns what a failed daemon printed, oldest first, from the journal' {
        Wait-Until { @(Get-BackgroundJobLog -Name sm.pester.log -WarningAction SilentlyContinue).Message -contains 'pester-log-two' } -What 'the journal to hold the lines'
        $entries = @(Get-BackgroundJobLog -Name sm.pester.log)
        $messages = @($entries.Message)
        $messages.IndexOf('pester-log-one') | Should -BeLessThan $messages.IndexOf('pester-log-two')
        $entries | ForEach-Object { $_.Job | Should -Be 'sm.pester.log'; $_.Source | Should -Be 'journal'; $_.Time | Should -Not -BeNullOrEmpty }
        (Get-BackgroundJobStatus -Name sm.pester.log).LastExitCode | Should -Be 3
        (Get-BackgroundJobStatus -Name sm.pester.log).State | Should -Be 'Failed'
    }

    It 'keeps to -Tail and -Since' {
        @(Get-BackgroundJobLog -Name sm.pester.log -Tail 1).Message | Should -Be @('pester-log-two')
        @(Get-BackgroundJobLog -Name sm.pester.log -Since (Get-Date).AddDays(1) -WarningAction SilentlyContinue).Count | Should -Be 0
    }

    It 'warns where the log is when a job has no entries' {
        $warnings = Get-BackgroundJobLog -Name sm.pester.silent 3>&1
        @($warnings | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -and $_.Message -match 'no log entries; it logs to: the journal \(journalctl' }).Count | Should -Be 1
    }

    It 'writes an error naming a job that does not exist and goes on' {
        $entries = Get-BackgroundJobLog -Name sm.pester.missing, sm.pester.log -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 1
        @($entries).Count | Should -BeGreaterThan 0
    }
}
