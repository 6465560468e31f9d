# Import-LightningSyncRecipient against PowerShell's own Export-Clixml /
# Import-Clixml as the oracle, and its error records for malformed files.
BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("lsync-import-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    function Assert-SameValue {
        # Compares what Import-LightningSyncRecipient returned with what
        # Import-Clixml returned, recursively; $Where names the spot on failure.
        param($Expected, $Actual, [string] $Where)
        if ($Expected -is [psobject] -and -not ($Expected.PSObject.BaseObject -is [System.Management.Automation.PSCustomObject])) { $Expected = $Expected.PSObject.BaseObject }
        if ($Actual -is [psobject] -and -not ($Actual.PSObject.BaseObject -is [System.Management.Automation.PSCustomObject])) { $Actual = $Actual.PSObject.BaseObject }
        if ($null -eq $Expected) {
            if ($null -ne $Actual) { throw "$Where : expected null, got [$($Actual.GetType().FullName)] '$Actual'" }
            return
        }
        if ($null -eq $Actual) { throw "$Where : expected [$($Expected.GetType().FullName)] '$Expected', got null" }
        if ($Expected -is [System.Collections.IDictionary]) {
            if (-not ($Actual -is [System.Collections.IDictionary])) { throw "$Where : expected a dictionary, got [$($Actual.GetType().FullName)]" }
            if ($Expected.Count -ne $Actual.Count) { throw "$Where : expected $($Expected.Count) entries, got $($Actual.Count)" }
            foreach ($key in @($Expected.Keys)) {
                if (-not $Actual.Contains($key)) { throw "$Where : key '$key' missing" }
                Assert-SameValue $Expected[$key] $Actual[$key] "$Where[$key]"
            }
            return
        }
        if ($Expected -is [string]) {
            if (-not ($Actual -is [string])) { throw "$Where : expected a string, got [$($Actual.GetType().FullName)]" }
            if (-not [string]::Equals($Expected, $Actual, [StringComparison]::Ordinal)) {
                throw "$Where : strings differ (length $($Expected.Length) vs $($Actual.Length)): '$Expected' vs '$Actual'"
            }
            return
        }
        if ($Expected -is [System.Collections.IList]) {
            if (-not ($Actual -is [System.Collections.IList])) { throw "$Where : expected a list, got [$($Actual.GetType().FullName)]" }
            if ($Expected.Count -ne $Actual.Count) { throw "$Where : expected $($Expected.Count) items, got $($Actual.Count)" }
            for ($i = 0; $i -lt $Expected.Count; $i++) { Assert-SameValue $Expected[$i] $Actual[$i] "$Where[$i]" }
            return
        }
        if ($Expected -is [System.Management.Automation.PSCustomObject] -or $Expected.PSObject.BaseObject -is [System.Management.Automation.PSCustomObject]) {
            $expectedNames = @($Expected.PSObject.Properties | ForEach-Object { $_.Name })
            $actualNames = @($Actual.PSObject.Properties | ForEach-Object { $_.Name })
            if (($expectedNames -join '|') -cne ($actualNames -join '|')) { throw "$Where : properties differ: $($expectedNames -join ',') vs $($actualNames -join ',')" }
            foreach ($name in $expectedNames) { Assert-SameValue $Expected.$name $Actual.$name "$Where.$name" }
            return
        }
        if ($Expected.GetType() -ne $Actual.GetType()) { throw "$Where : expected type [$($Expected.GetType().FullName)], got [$($Actual.GetType().FullName)]" }
        if ($Expected -is [datetime]) {
            if ($Expected.Ticks -ne $Actual.Ticks -or $Expected.Kind -ne $Actual.Kind) { throw "$Where : dates differ: $($Expected.ToString('o')) vs $($Actual.ToString('o'))" }
            return
        }
        if ($Expected -is [double] -and [double]::IsNaN($Expected)) {
            if (-not [double]::IsNaN($Actual)) { throw "$Where : expected NaN, got $Actual" }
            return
        }
        if (-not $Expected.Equals($Actual)) { throw "$Where : expected '$Expected', got '$Actual'" }
    }

    function New-HostileObjects {
        # Objects with hostile strings, every common value type, nested lists
        # and dictionaries, and shared references.
        $shared = [pscustomobject]@{ Shared = 'one instance'; Count = 2 }
        $sharedList = [System.Collections.ArrayList]@('s1', 's2')
        $control = -join @([char]0, [char]7, "`t", "`n", "`r", [char]0x1B, [char]0x1F, [char]0x7F, [char]0x85, [char]0x9F)
        @(
            [pscustomobject][ordered]@{
                Name       = 'control'
                Control    = "a${control}b"
                Emoji      = 'smile 😀 note 🎵 é 中文 ✓'
                Literal    = 'literal _x0041_ and _X0041_ and _x005F_ and _x12_ and a_xyz_'
                Quotes     = 'double " single '' less < greater > amp & cdata ]]> entity &amp; &#65;'
                Long       = ('long ' * 40000) + '😀'
                Empty      = ''
                Null       = $null
                Spaces     = '  leading and trailing  '
                Int        = 42
                Negative   = -7
                Long64     = [long]9000000000
                Bool       = $true
                Double     = 1.5
                Infinity   = [double]::PositiveInfinity
                Decimal    = [decimal]'2.30'
                Guid       = [guid]'6d0b5a4e-1f2a-4c3b-9d8e-7f6a5b4c3d2e'
                When       = [datetime]::new(2023, 5, 4, 9, 12, 33, [System.DateTimeKind]::Utc).AddTicks(1234567)
                Duration   = [timespan]::FromMinutes(90.5)
                Char       = [char]'x'
                Byte       = [byte]200
                Version    = [version]'15.2.1544.4'
                Uri        = [uri]'https://contoso.com/ews/exchange.asmx?a=1&b=2'
                List       = @('a', 1, @('nested', 2, @('deeper')), @{ k = 'v' })
                Dictionary = [ordered]@{ a = 1; b = @('x', 'y'); c = @{ d = 'e' }; 'with space' = $null }
                Nested     = [pscustomobject]@{ Inner = "in_x000A_ner`n"; Deeper = [pscustomobject]@{ X = 1; Y = @('p', 'q') } }
                Shared1    = $shared
                Shared2    = $shared
                SharedListA = $sharedList
                SharedListB = $sharedList
            }
            [pscustomobject][ordered]@{
                Name    = 'second record sharing an object of the first'
                Shared3 = $shared
                List    = $sharedList
                Empty   = @()
            }
            'a top-level string _x000A_ with an escape'
            12345
        )
    }
}

AfterAll {
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item -Recurse -Force $script:Work }
}

Describe 'Import-LightningSyncRecipient returns what Import-Clixml returns' {
    It 'matches Import-Clixml for hostile objects exported with -Encoding <Encoding>' -TestCases @(
        @{ Encoding = 'UTF8' }
        @{ Encoding = 'Unicode' }
    ) {
        param($Encoding)
        $file = Join-Path $script:Work "hostile-$Encoding.xml"
        New-HostileObjects | Export-Clixml -Path $file -Encoding $Encoding -Depth 5
        $expected = @(Import-Clixml -Path $file)
        $actual = @(Import-LightningSyncRecipient -Path $file -BatchSize 1)
        $actual.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $expected.Count; $i++) {
            { Assert-SameValue $expected[$i] $actual[$i] "record $i" } | Should -Not -Throw
        }
        $actual[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.System.Management.Automation.PSCustomObject'
        $actual[0].Long.Length | Should -Be (5 * 40000 + 2)
    }

    It 'compares strictly: a changed value is detected' {
        $file = Join-Path $script:Work 'oracle-check.xml'
        [pscustomobject]@{ A = 'x'; B = @('1', '2') } | Export-Clixml -Path $file
        $actual = Import-LightningSyncRecipient -Path $file
        $tampered = [pscustomobject]@{ A = 'x'; B = [System.Collections.ArrayList]@('1', '3') }
        { Assert-SameValue $tampered $actual 'record' } | Should -Throw -ExpectedMessage 'record.B?1? : strings differ*'
    }

    It 'reads the bundled sample org like Import-Clixml (UTF-8 Get-User and UTF-16 Get-Mailbox exports)' {
        foreach ($name in 'users.xml', 'mailboxes.xml') {
            $file = Join-Path $PSScriptRoot "../../examples/sample-org/$name"
            $expected = @(Import-Clixml -Path $file)
            $actual = @(Get-Item $file | Import-LightningSyncRecipient)
            $actual.Count | Should -Be $expected.Count
            foreach ($i in 0, 1, ($expected.Count - 1)) {
                { Assert-SameValue $expected[$i] $actual[$i] "$name record $i" } | Should -Not -Throw
            }
        }
    }

    It 'reads an Export-Csv file like Import-Csv (<Case>)' -TestCases @(
        @{ Case = 'UTF-8 with the #TYPE line'; Encoding = 'UTF8'; TypeLine = $true }
        @{ Case = 'UTF-16 without the #TYPE line'; Encoding = 'Unicode'; TypeLine = $false }
    ) {
        param($Case, $Encoding, $TypeLine)
        $file = Join-Path $script:Work ("users-" + $Encoding + ".csv")
        $users = @(Import-Clixml -Path (Join-Path $PSScriptRoot '../../examples/sample-org/users.xml'))
        $hostile = [pscustomobject][ordered]@{ Name = 'quote " comma , line' + "`r`n" + 'break'; Department = 'R&D ""x""'; Office = '' }
        $rows = @($users | Select-Object -First 40 -Property Name, Department, Office, City) + $hostile
        if ($TypeLine) { $rows | Export-Csv -Path $file -Encoding $Encoding -IncludeTypeInformation }
        else { $rows | Export-Csv -Path $file -Encoding $Encoding -NoTypeInformation }
        $expected = @(Import-Csv -Path $file -Encoding $Encoding)
        $actual = @(Import-LightningSyncRecipient -Path $file -BatchSize 7)
        $actual.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $expected.Count; $i++) {
            { Assert-SameValue $expected[$i] $actual[$i] "row $i" } | Should -Not -Throw
            $actual[$i].PSObject.TypeNames[0] | Should -Be $expected[$i].PSObject.TypeNames[0]
        }
        $actual[-1].Name | Should -Be $hostile.Name
        $actual[-1].City | Should -BeNullOrEmpty
    }

    It 'streams: the first objects arrive before the file is read to the end' {
        $file = Join-Path $script:Work 'many.xml'
        1..3000 | ForEach-Object { [pscustomobject]@{ N = $_ } } | Export-Clixml -Path $file
        $first = @(Import-LightningSyncRecipient -Path $file -BatchSize 10 | Select-Object -First 3)
        $first.N | Should -Be @(1, 2, 3)
    }
}

Describe 'Import-LightningSyncRecipient errors' {
    BeforeAll {
        $script:Head = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">'
        $script:Good = '<Obj RefId="0"><MS><S N="Name">a</S></MS></Obj>'
        function Write-Clixml([string] $Name, [string] $Text) {
            $path = Join-Path $script:Work $Name
            [System.IO.File]::WriteAllText($path, $Text, [System.Text.UTF8Encoding]::new($false))
            $path
        }
    }

    It 'reports <Case> as an error record with an id naming the file and the byte offset' -TestCases @(
        @{ Case = 'a truncated file'; Body = '<Obj RefId="1"><MS><S N="Name">b</S>'; Id = 'LightningSync.ExportInvalid'; Expect = '*</MS>*' }
        @{ Case = 'an unknown reference'; Body = '<Ref RefId="99" />'; Id = 'LightningSync.ExportInvalid'; Expect = '*RefId 99*' }
        @{ Case = 'an object that is its own base'; Body = '<Obj RefId="5"><Ref RefId="5" /></Obj>'; Id = 'LightningSync.ExportInvalid'; Expect = '*reference*' }
        @{ Case = 'an unknown tag'; Body = '<Bogus N="x" />'; Id = 'LightningSync.ExportInvalid'; Expect = '*value element*' }
        @{ Case = 'a bad number'; Body = '<I32>12x</I32>'; Id = 'LightningSync.ExportInvalid'; Expect = '*I32*' }
        @{ Case = 'an undeclared entity'; Body = '<S>&bomb;</S>'; Id = 'LightningSync.ExportInvalid'; Expect = '*&bomb;*' }
        @{ Case = 'huge nesting'; Body = ('<Obj><LST>' * 300) + ('</LST></Obj>' * 300); Id = 'LightningSync.ExportInvalid'; Expect = '*nested*' }
    ) {
        param($Case, $Body, $Id, $Expect)
        $text = $script:Head + $script:Good + $Body + '</Objs>'
        $file = Write-Clixml 'bad.xml' $text
        $offset = [System.Text.Encoding]::UTF8.GetByteCount($script:Head + $script:Good)
        $objects = @(Import-LightningSyncRecipient -Path $file -ErrorVariable errors -ErrorAction SilentlyContinue)
        $objects.Count | Should -Be 1
        $objects[0].Name | Should -Be 'a'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id*"
        $errors[0].Exception.Message | Should -BeLike "*$file*"
        $errors[0].Exception.Message | Should -BeLike "*byte offset*"
        $errors[0].Exception.Message | Should -BeLike $Expect
        $errors[0].Exception.Position | Should -BeGreaterThan $offset
        $errors[0].TargetObject | Should -Be $file
    }

    It 'writes every object before a bad one, then one error (<Size> per batch)' -TestCases @(
        @{ Size = 1 }, @{ Size = 16 }, @{ Size = 64 }, @{ Size = 100 }
    ) {
        param($Size)
        # 40 objects: more than one call to the library for every batch size.
        $goods = -join (1..40 | ForEach-Object { "<Obj RefId=`"$_`"><MS><S N=`"Name`">n$_</S></MS></Obj>" })
        $file = Write-Clixml 'late.xml' ($script:Head + $goods + '<I32>late</I32></Objs>')
        $objects = @(Import-LightningSyncRecipient -Path $file -BatchSize $Size -ErrorVariable errors -ErrorAction SilentlyContinue)
        $objects.Count | Should -Be 40
        ($objects | ForEach-Object Name) -join ',' | Should -Be ((1..40 | ForEach-Object { "n$_" }) -join ',')
        $errors.Count | Should -Be 1
        $errors[0].Exception.Message | Should -BeLike '*I32*'
    }

    It 'points at the exact byte offset of a bad element' {
        $file = Write-Clixml 'offset.xml' ($script:Head + $script:Good + '<I32>oops</I32></Objs>')
        $offset = [System.Text.Encoding]::UTF8.GetByteCount($script:Head + $script:Good)
        Import-LightningSyncRecipient -Path $file -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null
        $errors[0].Exception.Message | Should -BeLike "*byte offset $offset*"
        $errors[0].Exception.Position | Should -Be ($offset + 1)
    }

    It 'refuses a DTD with entity declarations' {
        $file = Write-Clixml 'dtd.xml' ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + $script:Head + '<S>&b;</S></Objs>')
        Import-LightningSyncRecipient -Path $file -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.ExportInvalid*'
        $errors[0].Exception.Message | Should -BeLike '*DTD*'
    }

    It 'keeps a reference to an enclosing object (a cycle) without looping' {
        $file = Write-Clixml 'cycle.xml' ($script:Head + '<Obj RefId="0"><ToString>me</ToString><MS><S N="Name">c</S><Ref N="Self" RefId="0" /></MS></Obj></Objs>')
        $o = Import-LightningSyncRecipient -Path $file
        $o.Name | Should -Be 'c'
        $o.Self | Should -Be 'me'
    }

    It 'refuses UTF-32 with an encoding error id' {
        $path = Join-Path $script:Work 'utf32.xml'
        [System.IO.File]::WriteAllText($path, $script:Head + '</Objs>', [System.Text.UTF32Encoding]::new($false, $true))
        Import-LightningSyncRecipient -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.ExportEncodingUnsupported*'
        $errors[0].Exception.Message | Should -BeLike '*-Encoding*'
    }

    It 'reports a missing file and goes on with the next one' {
        $good = Write-Clixml 'good.xml' ($script:Head + $script:Good + '</Objs>')
        $missing = Join-Path $script:Work 'missing.xml'
        $objects = @(Import-LightningSyncRecipient -Path $missing, $good -ErrorVariable errors -ErrorAction SilentlyContinue)
        $objects.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.ExportNotFound*'
        $errors[0].Exception.Message | Should -BeLike '*missing.xml*'
    }
}
