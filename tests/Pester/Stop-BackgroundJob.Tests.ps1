BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.stop1 -Program /bin/sleep -Arguments 1000 -Start
    New-Daemon -Name sm.pester.stop2 -Program /bin/sleep -Arguments 1000 -Start
}

AfterAll {
    Remove-TestJob sm.pester.stop1, sm.pester.stop2
}

Describe 'Stop-BackgroundJob' {
    It 'stops every job the pipeline brings, in one batch' {
        Get-BackgroundJobDefinition -Name 'sm.pester.stop*' | Stop-BackgroundJob
        Get-UnitProperty -Unit sm.pester.stop1.service -Property ActiveState | Should -Be 'inactive'
        Get-UnitProperty -Unit sm.pester.stop2.service -Property ActiveState | Should -Be 'inactive'
    }

    It 'counts a job that is not running as stopped' {
        { Stop-BackgroundJob -Name sm.pester.stop1 -ErrorAction Stop } | Should -Not -Throw
    }

    It 'writes a JobNotFound error for a literal name that matches nothing' {
        Stop-BackgroundJob -Name sm.pester.none -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'StopBackgroundJobJobNotFound,*'
    }
}
