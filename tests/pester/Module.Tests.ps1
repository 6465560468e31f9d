# The module's shape: manifest, exports, native loading, ABI check, help.
BeforeAll {
    $script:Manifest = $env:LIGHTNINGSYNC_MODULE_MANIFEST
    $script:ModuleRoot = Split-Path -Parent $script:Manifest
    Import-Module $script:Manifest -Force
    $script:Data = Import-PowerShellDataFile -Path $script:Manifest
    # The ABI version the header was generated with.
    $header = Get-Content -Raw -Path (Join-Path $PSScriptRoot '../../bindings/lightningsync.h')
    $script:AbiVersion = [uint32]([regex]::Match($header, '#define LSYNC_ABI_VERSION (\d+)').Groups[1].Value)
    # The public functions: one file each under the source module's Public/
    # (the staged module has them inlined into LightningSync.psm1).
    $script:FunctionNames = @(Get-ChildItem -Path (Join-Path $PSScriptRoot '../../powershell/LightningSync/Public') -Filter '*.ps1' -Recurse | ForEach-Object { $_.BaseName } | Sort-Object)
    # The compiled cmdlets: the [Cmdlet] classes of the interop assembly.
    $assembly = [System.Reflection.Assembly]::LoadFrom((Join-Path $script:ModuleRoot 'LightningSync.Interop.dll'))
    $script:CmdletNames = @($assembly.GetExportedTypes() | ForEach-Object {
        $attribute = [System.Attribute]::GetCustomAttribute($_, [System.Management.Automation.CmdletAttribute])
        if ($attribute) { '{0}-{1}' -f $attribute.VerbName, $attribute.NounName }
    } | Sort-Object)
    $script:PublicNames = @(@($script:FunctionNames) + @($script:CmdletNames) | Sort-Object)

    function Invoke-ChildShell([string] $Command) {
        $shell = Join-Path $PSHOME 'powershell.exe'
        if ($PSVersionTable.PSEdition -eq 'Core') { $shell = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source }
        $output = & $shell -NoProfile -NonInteractive -Command $Command 2>&1 | ForEach-Object { "$_" }
        $output -join "`n"
    }
}

Describe 'Manifest' {
    It 'is a valid manifest for Windows PowerShell 5.1 and PowerShell 7' {
        Test-ModuleManifest -Path $script:Manifest -ErrorAction Stop | Should -Not -BeNullOrEmpty
        $script:Data.PowerShellVersion | Should -Be '5.1'
        $script:Data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'exports exactly the public functions and compiled cmdlets, with no wildcards' {
        @($script:Data.FunctionsToExport | Sort-Object) | Should -Be $script:FunctionNames
        $script:CmdletNames.Count | Should -BeGreaterThan 0
        @($script:Data.CmdletsToExport | Sort-Object) | Should -Be $script:CmdletNames
        $script:Data.AliasesToExport.Count | Should -Be 0
        $script:Data.VariablesToExport.Count | Should -Be 0
    }

    It 'keeps ModuleVersion equal to the native library version' {
        [LightningSync.Interop.NativeLibrary]::LibraryVersion() | Should -Be $script:Data.ModuleVersion
    }

    It 'makes exactly the public functions and cmdlets available after import' {
        @((Get-Module LightningSync).ExportedFunctions.Keys | Sort-Object) | Should -Be $script:FunctionNames
        @((Get-Module LightningSync).ExportedCmdlets.Keys | Sort-Object) | Should -Be $script:CmdletNames
        @(Get-Command -Module LightningSync | ForEach-Object Name | Sort-Object) | Should -Be $script:PublicNames
    }

    It 'loads its compiled part from the manifest and compiles nothing at import' {
        $script:Data.NestedModules | Should -Contain 'LightningSync.Interop.dll'
        @(Get-ChildItem -Path $script:ModuleRoot -Recurse -Filter '*.cs').Count | Should -Be 0
        $scripts = @(Get-ChildItem -Path $script:ModuleRoot -Recurse -Include '*.ps1', '*.psm1')
        $scripts.Count | Should -BeGreaterThan 0
        foreach ($file in $scripts) {
            $tokens = $null
            $null = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref] $tokens, [ref] $null)
            $calls = @($tokens | Where-Object { $_.Kind -eq 'Generic' -and $_.Text -eq 'Add-Type' })
            $calls.Count | Should -Be 0 -Because "$($file.Name) must not compile code at import or at run time"
        }
    }
}

Describe 'Native library' {
    It 'is loaded from runtimes/<rid>/native beside the manifest' {
        $loaded = [LightningSync.Interop.NativeLibrary]::LoadedPath
        $loaded | Should -BeLike (Join-Path $script:ModuleRoot 'runtimes*')
        Split-Path -Parent $loaded | Split-Path -Leaf | Should -Be 'native'
    }

    It 'answers across the ABI with the version the module expects' {
        $script:AbiVersion | Should -BeGreaterThan 0
        [LightningSync.Interop.NativeLibrary]::AbiVersion() | Should -Be $script:AbiVersion
        [LightningSync.Interop.ModuleNativeLoader]::ExpectedAbiVersion | Should -Be $script:AbiVersion -Because 'the interop assembly is written against the ABI the header describes'
    }

    It 'refuses to import a native library of another ABI version, naming both versions' -Skip:(-not (Get-Command cc -CommandType Application -ErrorAction Ignore)) {
        # A stand-in library whose lsync_abi_version() answers 999, in place of
        # this platform's library in a copy of the module.
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ("lsync-abi-" + [guid]::NewGuid())
        Copy-Item -Path $script:ModuleRoot -Destination $copy -Recurse
        try {
            $library = Get-ChildItem -Path (Join-Path $copy 'runtimes') -Recurse -File | Where-Object { $_.Directory.Name -eq 'native' } | Select-Object -First 1
            $source = Join-Path $copy 'abi999.c'
            Set-Content -Path $source -Value 'unsigned int lsync_abi_version(void) { return 999; }'
            & cc -shared -fPIC -o $library.FullName $source
            $LASTEXITCODE | Should -Be 0
            $text = Invoke-ChildShell "try { Import-Module '$copy/LightningSync.psd1' -ErrorAction Stop; 'imported' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; [bool](Get-Module LightningSync)"
            $text | Should -Not -Match 'imported'
            $text | Should -Match 'LightningSync.AbiVersionMismatch'
            $text | Should -Match "expects ABI version $script:AbiVersion"
            $text | Should -Match 'has ABI version 999'
            $text | Should -Match 'False$' -Because 'a refused import leaves no module behind'
        }
        finally {
            Remove-Item -Recurse -Force $copy
        }
    }

    It 'stops the first call of <Command> with LightningSync.InteropNotLoaded when the .psm1 is imported without its manifest' -ForEach @(
        @{ Command = 'ConvertTo-LightningSyncRecipientFilter -Department Sales' }
        @{ Command = 'Get-LightningSyncFilterableProperty -Name Department' }
        @{ Command = 'Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account svc -Department Sales' }
    ) {
        $text = Invoke-ChildShell "Import-Module '$(Join-Path $script:ModuleRoot 'LightningSync.psm1')' -ErrorAction Stop; try { $Command; 'ran' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $text | Should -Not -Match 'ran'
        $text | Should -Match 'LightningSync.InteropNotLoaded'
        $text | Should -Match 'LightningSync.psd1'
    }

    It 'fails the import with a clear error when the library is missing' {
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ("lsync-missing-" + [guid]::NewGuid())
        Copy-Item -Path $script:ModuleRoot -Destination $copy -Recurse
        try {
            Remove-Item -Recurse -Force (Join-Path $copy 'runtimes')
            $text = Invoke-ChildShell "try { Import-Module '$copy/LightningSync.psd1' -ErrorAction Stop; 'imported' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
            $text | Should -Match 'LightningSync.NativeLibraryNotFound'
            $text | Should -Match 'build.ps1'
        }
        finally {
            Remove-Item -Recurse -Force $copy
        }
    }

    It 'fails the import with LightningSync.NativeLibraryLoadFailed, naming the file, when the library is <Case>' -ForEach @(
        @{ Case = 'not a library at all'; Source = $null }
        @{ Case = 'a library without lsync_abi_version'; Source = 'unsigned int other_export(void) { return 1; }' }
    ) {
        if ($Source -and -not (Get-Command cc -CommandType Application -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'no C compiler (cc) builds the stand-in library here' }
        $copy = Join-Path ([System.IO.Path]::GetTempPath()) ("lsync-badnative-" + [guid]::NewGuid())
        Copy-Item -Path $script:ModuleRoot -Destination $copy -Recurse
        try {
            $library = Get-ChildItem -Path (Join-Path $copy 'runtimes') -Recurse -File | Where-Object { $_.Directory.Name -eq 'native' } | Select-Object -First 1
            if ($Source) {
                Set-Content -Path (Join-Path $copy 'other.c') -Value $Source
                & cc -shared -fPIC -o $library.FullName (Join-Path $copy 'other.c')
                $LASTEXITCODE | Should -Be 0
            }
            else { Set-Content -Path $library.FullName -Value 'this is not a shared library' }
            $text = Invoke-ChildShell "try { Import-Module '$copy/LightningSync.psd1' -ErrorAction Stop; 'imported' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; [bool](Get-Module LightningSync)"
            $text | Should -Not -Match 'imported'
            $text | Should -Match 'LightningSync.NativeLibraryLoadFailed'
            $text | Should -Match ([regex]::Escape($library.Name))
            $text | Should -Match 'Reinstall the module'
            $text | Should -Match 'False$' -Because 'a refused import leaves no module behind'
        }
        finally {
            Remove-Item -Recurse -Force $copy
        }
    }

    It 'can be imported again with -Force in the same session' {
        { Import-Module $script:Manifest -Force -ErrorAction Stop } | Should -Not -Throw
        (Test-LightningSyncRecipientFilter -RecipientFilter "Department -eq 'Sales'").IsValid | Should -BeTrue
    }
}

Describe 'Public command <_>' -ForEach @(
    @(Get-ChildItem -Path (Join-Path $PSScriptRoot '../../powershell/LightningSync/Public') -Filter '*.ps1' -Recurse | ForEach-Object { $_.BaseName }) +
    @((Import-PowerShellDataFile -Path $env:LIGHTNINGSYNC_MODULE_MANIFEST).CmdletsToExport)) {
    BeforeAll {
        $script:Command = Get-Command -Name $_ -Module LightningSync
        $script:Help = Get-Help -Name $_ -Full
    }

    It 'uses an approved verb and the LightningSync noun prefix' {
        $script:Command.Verb | Should -BeIn @(Get-Verb | ForEach-Object { $_.Verb })
        $script:Command.Noun | Should -BeLike 'LightningSync*'
    }

    It 'is an advanced function or a compiled cmdlet' {
        if ($script:Command.CommandType -eq 'Cmdlet') { $script:Command.ImplementingType.IsSubclassOf([System.Management.Automation.PSCmdlet]) | Should -BeTrue }
        else { $script:Command.CmdletBinding | Should -BeTrue }
    }

    It 'supports -WhatIf and -Confirm when it changes state' {
        if ($script:Command.Verb -in @('New', 'Set', 'Remove', 'Add', 'Install', 'Uninstall', 'Update', 'Enable', 'Disable', 'Export')) {
            $script:Command.Parameters.Keys | Should -Contain 'WhatIf'
            $script:Command.Parameters.Keys | Should -Contain 'Confirm'
        }
    }

    It 'has a synopsis, a description and at least one example' {
        $script:Help.Synopsis | Should -Not -BeNullOrEmpty
        ($script:Help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        @($script:Help.Examples.Example).Count | Should -BeGreaterThan 0
    }

    It 'documents every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($name in $script:Command.Parameters.Keys) {
            if ($name -in $common) { continue }
            $parameterHelp = $script:Help.Parameters.Parameter | Where-Object { $_.Name -eq $name }
            ($parameterHelp.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "parameter -$name needs a .PARAMETER entry"
        }
    }
}
