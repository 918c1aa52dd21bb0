BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
}

AfterAll {
    Remove-TestJob sm.pester.login
}

Describe 'New-LoginItem' {
    It "writes the user's autostart desktop entry, which desktop-file-validate accepts" {
        New-LoginItem -Name sm.pester.login -Program /usr/bin/env -Arguments 'A=b c', '/bin/true' -User smtest
        $file = '/home/smtest/.config/autostart/sm.pester.login.desktop'
        Test-Path -Path $file | Should -BeTrue
        & desktop-file-validate $file
        $LASTEXITCODE | Should -Be 0
        (Get-Content -Path $file) | Should -Contain 'Exec=/usr/bin/env "A=b c" /bin/true'
    }

    It 'is a login item: it starts at login, and Start-BackgroundJob says so' {
        Start-BackgroundJob -Name sm.pester.login -User smtest -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].Exception.Message | Should -Match 'login item'
    }
}
