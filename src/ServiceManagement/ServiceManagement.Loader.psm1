# The module's first nested module, imported before the cmdlet assembly (bin/ServiceManagement.dll): it
# imports the dependency isolation for this edition of PowerShell, whose OnImport makes ServiceManagement.Core
# and YamlDotNet load from bin/dependencies (in a load context of their own on PowerShell 7).
$framework = 'netstandard2.0'
if ($PSVersionTable.PSEdition -eq 'Core') {
    $framework = 'net8.0'
}

Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath "isolation/$framework/ServiceManagement.Isolation.dll")
