BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
}

Describe 'Get-BackgroundJobSupport' {
    It 'says per property and platform how well it is supported, filtered by both' {
        $rows = Get-BackgroundJobSupport -Property 'restart*' -Platform Systemd, Launchd
        $rows.Count | Should -BeGreaterThan 1
        $rows | ForEach-Object { $_.Property | Should -BeLike 'restart*' }
        @($rows.Platform | Sort-Object -Unique) | Should -Be @('Launchd', 'Systemd')
    }

    It 'says that Windows services cannot listen on sockets' {
        (Get-BackgroundJobSupport -Property sockets -Platform WindowsService).Level | Should -Be 'Unsupported'
    }
}
