BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    New-Daemon -Name sm.pester.enable -Program /bin/true -StartupType Manual
}

AfterAll {
    Remove-TestJob sm.pester.enable
}

Describe 'Enable-BackgroundJob' {
    It 'enables a job so that systemd starts it at boot' {
        Get-UnitProperty -Unit sm.pester.enable.service -Property UnitFileState | Should -Be 'disabled'
        Enable-BackgroundJob -Name sm.pester.enable
        Get-UnitProperty -Unit sm.pester.enable.service -Property UnitFileState | Should -Be 'enabled'
    }
}
