BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
}

Describe 'Import-BackgroundJobConfiguration' {
    It 'reads a file and text into the same entries' {
        $yaml = "jobs:`n  - name: com.example.round`n    kind: agent`n    program: /usr/bin/round`n    arguments: [--a, 'b c']`n    schedule: { cron: '0 2 * * *' }`n"
        $file = Join-Path -Path $Work -ChildPath 'round.yaml'
        Set-Content -Path $file -Value $yaml
        $fromFile = Import-BackgroundJobConfiguration -Path $file
        $fromText = Import-BackgroundJobConfiguration -Content $yaml
        $fromFile.Definition | Should -Be $fromText.Definition
        $fromFile.Definition.Arguments | Should -Be @('--a', 'b c')
    }

    It 'survives export and import unchanged' {
        $first = Import-BackgroundJobConfiguration -Content "jobs:`n  - { name: com.example.x, kind: daemon, program: /bin/x, restart: { policy: always, delay: 5s } }`n"
        $again = Import-BackgroundJobConfiguration -Content ($first.Definition | Export-BackgroundJobConfiguration)
        $again.Definition | Should -Be $first.Definition
    }

    It 'refuses an invalid file with a terminating InvalidData error' {
        { Import-BackgroundJobConfiguration -Content "jobs:`n  - { name: x, kind: demon }`n" -ErrorAction Stop } | Should -Throw -ErrorId '*InvalidDefinition*'
    }
}
