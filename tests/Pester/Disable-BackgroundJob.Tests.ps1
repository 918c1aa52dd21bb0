BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.disable -Program /bin/true
}

AfterAll {
    Remove-TestJob sm.pester.disable
}

Describe 'Disable-BackgroundJob' {
    It 'disables a job and the definition then reads back as manual' {
        Get-UnitProperty -Unit sm.pester.disable.service -Property UnitFileState | Should -Be 'enabled'
        Disable-BackgroundJob -Name sm.pester.disable
        Get-UnitProperty -Unit sm.pester.disable.service -Property UnitFileState | Should -Be 'disabled'
    }
}
