# build.ps1 -Task Package's packing step (tools/New-LightningSyncPackage.ps1):
# one .nupkg with the native library of every platform from the local stage
# plus a folder of libraries built elsewhere (stand-ins here), refused when a
# platform is missing unless -AllowPartial.
BeforeAll {
    $script:Stage = Split-Path -Parent $env:LIGHTNINGSYNC_MODULE_MANIFEST
    $script:Tool = Join-Path $PSScriptRoot '../../tools/New-LightningSyncPackage.ps1'
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-package-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Force -Path $script:Work | Out-Null
    Add-Type -AssemblyName System.IO.Compression.FileSystem

    $script:Libraries = [ordered]@{
        'win-x64'   = 'lightningsync.dll'
        'linux-x64' = 'liblightningsync.so'
        'osx-x64'   = 'liblightningsync.dylib'
        'osx-arm64' = 'liblightningsync.dylib'
    }
    # The stage holds this machine's library; the others come as stand-ins,
    # laid out as the workflow downloads its artifacts (native-<rid>/) or by rid.
    $script:HostRid = @(Get-ChildItem -Path (Join-Path $script:Stage 'runtimes') -Directory | ForEach-Object Name)[0]
    function New-StandIns([string] $Folder, [string[]] $Rids) {
        foreach ($rid in $Rids) {
            $sub = if ($rid -like 'osx-*') { $rid } else { "native-$rid" }
            $dir = Join-Path $Folder $sub
            New-Item -ItemType Directory -Force -Path $dir | Out-Null
            Set-Content -Path (Join-Path $dir $script:Libraries[$rid]) -Value "stand-in library for $rid" -NoNewline
        }
        $Folder
    }
    function Get-Entries([string] $Package) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try { @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) }) }
        finally { $zip.Dispose() }
    }
    function Get-EntryText([string] $Package, [string] $Name) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $entry = $zip.Entries | Where-Object { [uri]::UnescapeDataString($_.FullName) -eq $Name } | Select-Object -First 1
            $reader = [System.IO.StreamReader]::new($entry.Open())
            try { $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }
    $script:Others = @($script:Libraries.Keys | Where-Object { $_ -ne $script:HostRid })
}

AfterAll {
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'New-LightningSyncPackage' {
    It 'packs one nupkg with runtimes/<rid>/native for all four platforms' {
        $natives = New-StandIns (Join-Path $script:Work 'all') $script:Others
        $out = Join-Path $script:Work 'feed-all'
        $package = & $script:Tool -StagePath $script:Stage -NativePath $natives -OutputPath $out
        $package.Name | Should -Match '^LightningSync\.\d+\.\d+\.\d+\.nupkg$'
        $entries = Get-Entries $package.FullName
        foreach ($rid in $script:Libraries.Keys) {
            $entries | Should -Contain "runtimes/$rid/native/$($script:Libraries[$rid])"
        }
        $entries | Should -Contain 'LightningSync.psd1'
        $entries | Should -Contain 'LightningSync.Interop.dll'
        $entries | Should -Contain 'en-US/LightningSync.Interop.dll-Help.xml'
        $other = $script:Others[0]
        Get-EntryText $package.FullName "runtimes/$other/native/$($script:Libraries[$other])" | Should -Be "stand-in library for $other"
    }

    It 'leaves the staged module as it was' {
        @(Get-ChildItem -Path (Join-Path $script:Stage 'runtimes') -Directory).Count | Should -Be 1
    }

    It 'refuses a package that lacks a platform, naming it and -AllowPartial' {
        $natives = New-StandIns (Join-Path $script:Work 'partial') @($script:Others | Where-Object { $_ -ne 'osx-arm64' })
        $out = Join-Path $script:Work 'feed-refused'
        $failure = $null
        try { & $script:Tool -StagePath $script:Stage -NativePath $natives -OutputPath $out }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        "$failure" | Should -Match 'osx-arm64'
        "$failure" | Should -Match '-AllowPartial'
        @(Get-ChildItem -Path $out -Filter '*.nupkg' -ErrorAction Ignore).Count | Should -Be 0
    }

    It 'refuses a package from the local build alone' {
        { & $script:Tool -StagePath $script:Stage -OutputPath (Join-Path $script:Work 'feed-local') } | Should -Throw '*-NativePath*'
    }

    It 'packs a partial package when told -AllowPartial, with a warning' {
        $natives = New-StandIns (Join-Path $script:Work 'partial2') @($script:Others | Where-Object { $_ -ne 'osx-arm64' })
        $out = Join-Path $script:Work 'feed-partial'
        $package = & $script:Tool -StagePath $script:Stage -NativePath $natives -OutputPath $out -AllowPartial -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'osx-arm64'
        $entries = Get-Entries $package.FullName
        $entries | Should -Not -Contain 'runtimes/osx-arm64/native/liblightningsync.dylib'
        $entries | Should -Contain "runtimes/$script:HostRid/native/$($script:Libraries[$script:HostRid])"
    }

    It 'installs from a local repository (Save-PSResource, the fetch Install-PSResource makes) and runs' {
        $natives = New-StandIns (Join-Path $script:Work 'install') $script:Others
        $out = Join-Path $script:Work 'feed-install'
        $null = & $script:Tool -StagePath $script:Stage -NativePath $natives -OutputPath $out
        $repository = 'LightningSyncTest' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $saved = Join-Path $script:Work 'saved'
        New-Item -ItemType Directory -Force -Path $saved | Out-Null
        Register-PSResourceRepository -Name $repository -Uri $out -Trusted
        try { Save-PSResource -Name LightningSync -Repository $repository -Path $saved -TrustRepository }
        finally { Unregister-PSResourceRepository -Name $repository }
        $manifest = @(Get-ChildItem -Path $saved -Recurse -Filter 'LightningSync.psd1')[0].FullName
        $shell = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
        $output = & $shell -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../smoke/Invoke-SmokeTest.ps1') -Module $manifest 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        ($output -join "`n") | Should -Match 'Get-LightningSyncScopePreview: ok'
    }
}
