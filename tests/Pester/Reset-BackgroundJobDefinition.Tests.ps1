# Changing a job ServiceManagement did not create: a drop-in with only the change, never a copy that takes the
# job over; Reset-BackgroundJobDefinition takes the change back.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Common.ps1')
    $vendor = '/usr/lib/systemd/system/dbus.service'
    $dropIn = '/etc/systemd/system/dbus.service.d/50-servicemanagement.conf'
    $shipped = (Get-UnitProperty -Unit dbus.service -Property Description)
    $vendorHash = (Get-FileHash -Path $vendor).Hash
    $socketHash = (Get-FileHash -Path /usr/lib/systemd/system/dbus.socket).Hash
}

AfterAll {
    Remove-Item -Path $dropIn -ErrorAction SilentlyContinue
    & systemctl daemon-reload
}

Describe 'Changing and resetting a vendor job' {
    It 'refuses a bare name that names the system daemon and the agent for all users, listing both' {
        Set-BackgroundJobDefinition -Name dbus -Description 'changed by admin' -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'SetBackgroundJobDefinitionJobAmbiguous,*'
        $failed[0].Exception.Message | Should -Match "daemon 'dbus'"
        $failed[0].Exception.Message | Should -Match "agent 'dbus' for all users"
        Test-Path -Path $dropIn | Should -BeFalse
    }

    It 'writes one drop-in with only the change; the vendor unit, its socket and the job stay the vendor''s' {
        Set-BackgroundJobDefinition -Name dbus -Kind Daemon -Description 'changed by admin' -Force
        Get-UnitProperty -Unit dbus.service -Property Description | Should -Be 'changed by admin'
        Test-Path -Path $dropIn | Should -BeTrue
        $settings = @(Get-Content -Path $dropIn | Where-Object { $_ -match '=' })
        $settings | Should -Be @('X-ServiceManagement-DropIn=true', 'Description=', 'Description=changed by admin')
        (Get-FileHash -Path $vendor).Hash | Should -Be $vendorHash
        (Get-FileHash -Path /usr/lib/systemd/system/dbus.socket).Hash | Should -Be $socketHash
        @(Get-ChildItem -Path /etc/systemd/system -Filter 'dbus.*' -File).Count | Should -Be 0
        $job = Get-BackgroundJobDefinition -Name dbus -Kind Daemon
        $job.Managed | Should -BeFalse
        $job.Description | Should -Be 'changed by admin'
    }

    It 'shows the drop-in as the plan when nothing more changes, and writes nothing' {
        $before = Get-Content -Raw -Path $dropIn
        Set-BackgroundJobDefinition -Name dbus -Kind Daemon -Description 'changed by admin' -Force
        Get-Content -Raw -Path $dropIn | Should -Be $before
    }

    It 'is never pruned: a configuration that declares nothing leaves the job and the drop-in' {
        $empty = Join-Path -Path $Work -ChildPath 'empty.yaml'
        Set-Content -Path $empty -Value 'jobs: []'
        Invoke-BackgroundJobConfiguration -Path $empty -Prune
        Test-Path -Path $dropIn | Should -BeTrue
        Test-Path -Path $vendor | Should -BeTrue
    }

    It 'declared absent, even with -Force, loses only our drop-in' {
        $absent = Join-Path -Path $Work -ChildPath 'absent.yaml'
        Set-Content -Path $absent -Value "jobs:`n  - { name: dbus, kind: daemon, ensure: absent }`n"
        Invoke-BackgroundJobConfiguration -Path $absent -Force
        Test-Path -Path $dropIn | Should -BeFalse
        (Get-FileHash -Path $vendor).Hash | Should -Be $vendorHash
        Get-UnitProperty -Unit dbus.service -Property LoadState | Should -Be 'loaded'
        Get-UnitProperty -Unit dbus.service -Property Description | Should -Be $shipped
        Set-BackgroundJobDefinition -Name dbus -Kind Daemon -Description 'changed by admin' -Force
    }

    It 'is reset: the drop-in goes and the vendor''s description returns' {
        $vendorJob = Reset-BackgroundJobDefinition -Name dbus -Kind Daemon -PassThru
        $vendorJob.Description | Should -Be $shipped
        Test-Path -Path $dropIn | Should -BeFalse
        Get-UnitProperty -Unit dbus.service -Property Description | Should -Be $shipped
    }
}
