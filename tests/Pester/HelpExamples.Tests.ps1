# Every example of the cmdlets' help, run as written against the real systemd, in an order that builds on
# itself (create, inspect, change, control, converge, remove). Read-Host answers itself and a confirmation
# prompt is answered yes (-Confirm runs as -Confirm:$false: nobody is there to answer); the one example that
# names a Windows program runs in the Windows suite (tests/windows).

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    $order = 'New-Daemon', 'New-Agent', 'New-LoginItem', 'Get-BackgroundJobDefinition', 'Get-BackgroundJobStatus', 'Get-BackgroundJobLog', 'Get-BackgroundJobSecurity', 'Get-BackgroundJobSupport',
        'Test-BackgroundJobDefinition', 'Import-BackgroundJobConfiguration', 'Export-BackgroundJobConfiguration', 'Test-BackgroundJobConfiguration',
        'Set-BackgroundJobDefinition', 'Stop-BackgroundJob', 'Start-BackgroundJob', 'Watch-BackgroundJob', 'Restart-BackgroundJob', 'Disable-BackgroundJob',
        'Enable-BackgroundJob', 'Invoke-BackgroundJobConfiguration', 'Remove-BackgroundJobDefinition'
    $examples = foreach ($command in $order) {
        foreach ($example in (Get-Help -Name $command -Full).Examples.Example) {
            $code = ($example.Code -split "`n" | Where-Object { $_ -notmatch '^\s*PS ' }) -join "`n"
            if ($code -notmatch 'C:\\') {
                $code = $code -replace '-Confirm(?!:)', '-Confirm:$false'
                @{ Command = $command; Title = $example.Title.Trim('- '); Code = $code.Trim() }
            }
        }
    }
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    # The examples' users and programs, inside the namespace only: /usr/local/bin and /opt become private tmpfs.
    & bash -c @'
set -e
grep -q ^alice: /etc/passwd || { echo "alice:x:4243:4243::/home/alice:/bin/sh" >> /etc/passwd; echo "alice:x:4243:" >> /etc/group; }
grep -q ^www: /etc/passwd || { echo "www:x:4244:4244::/nonexistent:/bin/sh" >> /etc/passwd; echo "www:x:4244:" >> /etc/group; }
mkdir -p /home/alice && chown 4243:4243 /home/alice
mountpoint -q /usr/local/bin || mount -t tmpfs -o mode=0755 tmpfs /usr/local/bin
mountpoint -q /opt || mount -t tmpfs -o mode=0755 tmpfs /opt
mountpoint -q /mnt || mount -t tmpfs -o mode=0755 tmpfs /mnt
mkdir -p /mnt/mac/Users/alice/Library/LaunchAgents
printf '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>Label</key><string>com.alice.sync</string><key>Program</key><string>/usr/local/bin/sync</string><key>RunAtLoad</key><true/></dict></plist>\n' > /mnt/mac/Users/alice/Library/LaunchAgents/com.alice.sync.plist
mkdir -p /opt/indexer /opt/tray
for program in /usr/local/bin/web /usr/local/bin/cache /usr/local/bin/base /usr/local/bin/backup /usr/local/bin/poll /usr/local/bin/sync /opt/indexer/run /opt/tray/tray; do
    [ -e "$program" ] || { printf '#!/bin/sh
exec sleep 1000
' > "$program"; chmod 0755 "$program"; }
done
systemctl start user@4243.service
'@
    $jobs = "jobs:`n  - { name: com.example.web, kind: daemon, program: /usr/local/bin/web, arguments: [--port, '8080'], restart: { policy: onFailure, delay: 5s }, runAs: { user: www } }`n  - { name: com.example.cache, kind: daemon, program: /usr/local/bin/cache }`n"
    Push-Location -Path $Work
    Set-Content -Path ./jobs.yaml -Value $jobs
    Set-Content -Path ./base.yaml -Value "jobs:`n  - { name: com.example.base, kind: daemon, program: /usr/local/bin/base }`n"
    # What sfltool dumpbtm printed on the Mac of /mnt/mac: alice switched her agent off in Login Items.
    Set-Content -Path ./btm.txt -Value " #1:`n           Identifier: 8.com.alice.sync`n                 Type: legacy agent (0x10008)`n          Disposition: [enabled, disallowed, notified] (0x9)`n                  URL: file:///Users/alice/Library/LaunchAgents/com.alice.sync.plist`n"
    Set-Content -Path ./web.yaml -Value "jobs:`n  - { name: com.example.web, kind: daemon, program: /usr/local/bin/web }`n"
    Mock -CommandName Read-Host -MockWith { ConvertTo-SecureString -String 'example secret' -AsPlainText -Force }
}

AfterAll {
    Pop-Location
    Get-BackgroundJobDefinition -Name 'com.example.*' -ErrorAction SilentlyContinue | Remove-BackgroundJobDefinition -Force -Confirm:$false -ErrorAction SilentlyContinue
}

Describe 'The help examples' {
    It '<Command>: <Title>' -ForEach $examples {
        $Error.Clear()
        $output = & ([scriptblock]::Create($Code)) 2>&1
        $errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors | ForEach-Object { $_.ToString() } | Should -BeNullOrEmpty -Because "the example '$Code' runs without an error"
    }
}
