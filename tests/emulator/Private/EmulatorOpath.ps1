# OPATH recipient filters as the emulator's Exchange reads them: tokenizer, parser, normalizer and the
# in-memory evaluator RBAC uses for scope membership. Behaviour follows docs/opath.md#lexical-rules, docs/opath.md#grammar, docs/opath.md#comparisons, docs/opath.md#canonical-form, docs/opath.md#in-memory-engine
# and the error texts of section 9. Types other than bool, int, dn and the RecipientType(Details) enums keep
# their text unchanged.

$script:OpathRecipientTypes = @(
    'DynamicDistributionGroup', 'MailContact', 'MailNonUniversalGroup', 'MailUniversalDistributionGroup',
    'MailUniversalSecurityGroup', 'MailUser', 'PublicFolder', 'UserMailbox', 'User', 'Contact', 'Group',
    'PublicDatabase', 'SystemAttendantMailbox', 'SystemMailbox', 'MicrosoftExchange', 'Computer', 'Invalid'
)
$script:OpathRecipientTypeDetails = @(
    'DiscoveryMailbox', 'DynamicDistributionGroup', 'EquipmentMailbox', 'GroupMailbox', 'GuestMailUser',
    'LegacyMailbox', 'LinkedMailbox', 'LinkedRoomMailbox', 'MailContact', 'MailForestContact',
    'MailNonUniversalGroup', 'MailUniversalDistributionGroup', 'MailUniversalSecurityGroup', 'MailUser',
    'PublicFolder', 'PublicFolderMailbox', 'RemoteEquipmentMailbox', 'RemoteRoomMailbox', 'RemoteSharedMailbox',
    'RemoteTeamMailbox', 'RemoteUserMailbox', 'RoomList', 'RoomMailbox', 'SchedulingMailbox', 'SharedMailbox',
    'SharedWithMailUser', 'TeamMailbox', 'UserMailbox', 'None', 'User', 'Contact', 'UniversalDistributionGroup',
    'UniversalSecurityGroup', 'NonUniversalGroup', 'DisabledUser', 'MicrosoftExchange', 'ArbitrationMailbox',
    'MailboxPlan', 'LinkedUser', 'RoleGroup', 'Computer', 'MonitoringMailbox', 'AuditLogMailbox',
    'RemoteGroupMailbox', 'SystemAttendantMailbox', 'SystemMailbox', 'AuxAuditLogMailbox',
    'SupervisoryReviewPolicyMailbox'
)
$script:OpathComparisonOperators = @('eq', 'ne', 'gt', 'lt', 'ge', 'le', 'like', 'notlike')
$script:OpathKnownOperators = @('and', 'or', 'not', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'like', 'notlike')

function Import-EmuOpathPropertyTable {
    # Loads Data/OpathProperties.tsv into a case-insensitive table: name -> @{ Name; Type; MultiValued }.
    param([Parameter(Mandatory = $true)][string]$Path)
    $table = @{}
    $lines = [System.IO.File]::ReadAllLines($Path)
    for ($i = 1; $i -lt $lines.Length; $i++) {
        $cols = $lines[$i].Split("`t")
        if ($cols.Length -lt 3 -or $cols[0] -eq '') { continue }
        $table[$cols[0]] = @{ Name = $cols[0]; Type = $cols[1]; MultiValued = ($cols[2] -eq 'yes') }
    }
    # Schema names that parse although the documented list omits them (docs/opath.md#filterable-properties).
    $table['RecipientTypeDetailsValue'] = @{ Name = 'RecipientTypeDetailsValue'; Type = 'enum'; MultiValued = $false }
    $table['RawName'] = @{ Name = 'RawName'; Type = 'string'; MultiValued = $false }
    return $table
}

function New-EmuOpathException {
    # An OPATH failure: Message is the inner text of docs/opath.md#error-messages.
    param([string]$Message)
    $ex = New-Object System.ArgumentException $Message
    $ex.Data['EmuOpath'] = $true
    return $ex
}

function New-EmuOpathPositionMessage {
    param([string]$Head, [string]$Filter, [int]$Position)
    return ('{0}{1}"{2}" at position {3}.' -f $Head, "`n`r", $Filter, $Position)
}

function Get-EmuOpathToken {
    # Splits Exchange-side filter text into tokens (docs/opath.md#lexical-rules). Each token: Kind, Text, Value, Pos (1-based).
    param([string]$Filter)
    $tokens = [System.Collections.Generic.List[object]]::new()
    $i = 0
    $n = $Filter.Length
    while ($i -lt $n) {
        $c = $Filter[$i]
        $code = [int]$c
        $isLetter = (($c -ge 'a' -and $c -le 'z') -or ($c -ge 'A' -and $c -le 'Z')) -and $code -lt 128
        $isDigit = $c -ge '0' -and $c -le '9'
        if ($isLetter) {
            $start = $i
            while ($i -lt $n -and ($Filter[$i] -match '[A-Za-z0-9_]') -and [int]$Filter[$i] -lt 128) { $i++ }
            $tokens.Add(@{ Kind = 'Prop'; Text = $Filter.Substring($start, $i - $start); Pos = $start + 1 })
            continue
        }
        if ($c -eq '-' -and ($i + 1) -lt $n -and ($Filter[$i + 1] -match '[A-Za-z]') -and [int]$Filter[$i + 1] -lt 128) {
            $start = $i
            $i++
            while ($i -lt $n -and ($Filter[$i] -match '[A-Za-z]') -and [int]$Filter[$i] -lt 128) { $i++ }
            $text = $Filter.Substring($start, $i - $start)
            $word = $text.Substring(1).ToLowerInvariant()
            if ($script:OpathKnownOperators -contains $word) {
                $tokens.Add(@{ Kind = 'Op'; Text = $text; Value = $word; Pos = $start + 1 })
            } else {
                $tokens.Add(@{ Kind = 'OpNotSup'; Text = $text; Pos = $start + 1 })
            }
            continue
        }
        if ($isDigit -or ($c -eq '-' -and ($i + 1) -lt $n -and $Filter[$i + 1] -ge '0' -and $Filter[$i + 1] -le '9')) {
            $start = $i
            if ($c -eq '-') { $i++ }
            while ($i -lt $n -and $Filter[$i] -ge '0' -and $Filter[$i] -le '9') { $i++ }
            if ($i + 1 -lt $n -and $Filter[$i] -eq '.' -and $Filter[$i + 1] -ge '0' -and $Filter[$i + 1] -le '9') {
                $i++
                while ($i -lt $n -and $Filter[$i] -ge '0' -and $Filter[$i] -le '9') { $i++ }
            }
            if ($i -lt $n -and ($Filter[$i] -eq 'e' -or $Filter[$i] -eq 'E')) {
                $j = $i + 1
                if ($j -lt $n -and ($Filter[$j] -eq '+' -or $Filter[$j] -eq '-')) { $j++ }
                if ($j -lt $n -and $Filter[$j] -ge '0' -and $Filter[$j] -le '9') {
                    $i = $j
                    while ($i -lt $n -and $Filter[$i] -ge '0' -and $Filter[$i] -le '9') { $i++ }
                }
            }
            $text = $Filter.Substring($start, $i - $start)
            $tokens.Add(@{ Kind = 'Num'; Text = $text; Value = $text; Pos = $start + 1 })
            continue
        }
        if ($c -eq "'") {
            $start = $i
            $sb = New-Object System.Text.StringBuilder
            $i++
            $closed = $false
            while ($i -lt $n) {
                if ($Filter[$i] -eq "'") {
                    if (($i + 1) -lt $n -and $Filter[$i + 1] -eq "'") { [void]$sb.Append("'"); $i += 2; continue }
                    $i++
                    $closed = $true
                    break
                }
                [void]$sb.Append($Filter[$i])
                $i++
            }
            if (-not $closed) { $tokens.Add(@{ Kind = 'End'; Text = ''; Pos = $start + 1 }); return , $tokens }
            $tokens.Add(@{ Kind = 'Str'; Text = $Filter.Substring($start, $i - $start); Value = $sb.ToString(); Pos = $start + 1 })
            continue
        }
        if ($c -eq '"') {
            $start = $i
            $sb = New-Object System.Text.StringBuilder
            $i++
            $closed = $false
            while ($i -lt $n) {
                $ch = $Filter[$i]
                if ($ch -eq '`' -and ($i + 1) -lt $n -and ($Filter[$i + 1] -eq '"' -or $Filter[$i + 1] -eq "'")) {
                    [void]$sb.Append($Filter[$i + 1]); $i += 2; continue
                }
                if ($ch -eq '"') { $i++; $closed = $true; break }
                [void]$sb.Append($ch)
                $i++
            }
            if (-not $closed) { $tokens.Add(@{ Kind = 'End'; Text = ''; Pos = $start + 1 }); return , $tokens }
            $tokens.Add(@{ Kind = 'Str'; Text = $Filter.Substring($start, $i - $start); Value = $sb.ToString(); Pos = $start + 1 })
            continue
        }
        if ($c -eq '$') {
            $start = $i
            if (($i + 1) -lt $n -and $Filter[$i + 1] -eq '{') {
                $close = $Filter.IndexOf('}', $i + 2)
                if ($close -lt 0) { $tokens.Add(@{ Kind = 'End'; Text = ''; Pos = $start + 1 }); return , $tokens }
                $name = $Filter.Substring($i + 2, $close - $i - 2)
                $i = $close + 1
            } else {
                $i++
                while ($i -lt $n -and ($Filter[$i] -match '[A-Za-z0-9_]') -and [int]$Filter[$i] -lt 128) { $i++ }
                $name = $Filter.Substring($start + 1, $i - $start - 1)
                if ($name -eq '') { continue }
            }
            $tokens.Add(@{ Kind = 'Var'; Text = $Filter.Substring($start, $i - $start); Value = $name; Pos = $start + 1 })
            continue
        }
        if ($c -eq '(') { $tokens.Add(@{ Kind = 'LParen'; Text = '('; Pos = $i + 1 }); $i++; continue }
        if ($c -eq ')') { $tokens.Add(@{ Kind = 'RParen'; Text = ')'; Pos = $i + 1 }); $i++; continue }
        if ('!&<=>|'.IndexOf($c) -ge 0) {
            $start = $i
            while ($i -lt $n -and '!&<=>|'.IndexOf($Filter[$i]) -ge 0) { $i++ }
            $tokens.Add(@{ Kind = 'OpNotSup'; Text = $Filter.Substring($start, $i - $start); Pos = $start + 1 })
            continue
        }
        # Space separates tokens; every other character that cannot start a token is skipped (rule 9).
        $i++
    }
    $tokens.Add(@{ Kind = 'End'; Text = ''; Pos = $n + 1 })
    return , $tokens
}

function ConvertFrom-EmuOpath {
    <#
    Parses an OPATH filter into a tree of hashtables (Kind = Cmp | Text | Exists | And | Or | Not).
    Throws an ArgumentException whose message is Exchange's inner text (docs/opath.md#error-messages).
    Returns $null for an empty filter. -Online stores non-DN values of DN properties as 'DC=<text>'.
    -ResolveCanonicalName: scriptblock taking a canonical name, returning a DN or $null (on-premises).
    #>
    param(
        [AllowEmptyString()][string]$Filter,
        [Parameter(Mandatory = $true)][hashtable]$Properties,
        [switch]$Online,
        [scriptblock]$ResolveCanonicalName
    )
    $tokens = Get-EmuOpathToken -Filter $Filter
    if ($tokens.Count -eq 1) { return $null }
    $state = @{ Tokens = $tokens; Index = 0; Filter = $Filter; Properties = $Properties; Online = [bool]$Online; Resolve = $ResolveCanonicalName }
    $tree = Read-EmuOpathOr -State $state
    $tok = $state.Tokens[$state.Index]
    if ($tok.Kind -ne 'End') { Stop-EmuOpathAtToken -State $state -Token $tok }
    return $tree
}

function Stop-EmuOpathAtToken {
    param([hashtable]$State, [hashtable]$Token)
    if ($Token.Kind -eq 'OpNotSup') {
        $head = '"{0}" is not a valid operator. For a list of supported operators see the command help.' -f $Token.Text
    } else {
        $head = 'Invalid filter syntax. For a description of the filter parameter syntax see the command help.'
    }
    throw (New-EmuOpathException (New-EmuOpathPositionMessage -Head $head -Filter $State.Filter -Position $Token.Pos))
}

function Read-EmuOpathOr {
    param([hashtable]$State)
    $left = Read-EmuOpathAnd -State $State
    while ($true) {
        $tok = $State.Tokens[$State.Index]
        if ($tok.Kind -eq 'Op' -and $tok.Value -eq 'or') {
            $State.Index++
            $right = Read-EmuOpathAnd -State $State
            $left = @{ Kind = 'Or'; Left = $left; Right = $right }
            continue
        }
        return $left
    }
}

function Read-EmuOpathAnd {
    param([hashtable]$State)
    $left = Read-EmuOpathUnary -State $State
    while ($true) {
        $tok = $State.Tokens[$State.Index]
        if ($tok.Kind -eq 'Op' -and $tok.Value -eq 'and') {
            $State.Index++
            $right = Read-EmuOpathUnary -State $State
            $left = @{ Kind = 'And'; Left = $left; Right = $right }
            continue
        }
        if ($tok.Kind -eq 'OpNotSup') { Stop-EmuOpathAtToken -State $State -Token $tok }
        if ($tok.Kind -ne 'End' -and $tok.Kind -ne 'RParen' -and -not ($tok.Kind -eq 'Op' -and $tok.Value -eq 'or')) {
            Stop-EmuOpathAtToken -State $State -Token $tok
        }
        return $left
    }
}

function Read-EmuOpathUnary {
    param([hashtable]$State)
    $tok = $State.Tokens[$State.Index]
    if ($tok.Kind -eq 'Op' -and $tok.Value -eq 'not') {
        $State.Index++
        $inner = Read-EmuOpathUnary -State $State
        return @{ Kind = 'Not'; Child = $inner }
    }
    if ($tok.Kind -eq 'LParen') {
        $State.Index++
        $inner = Read-EmuOpathOr -State $State
        $close = $State.Tokens[$State.Index]
        if ($close.Kind -ne 'RParen') { Stop-EmuOpathAtToken -State $State -Token $close }
        $State.Index++
        return $inner
    }
    if ($tok.Kind -eq 'Prop') { return Read-EmuOpathComparison -State $State }
    Stop-EmuOpathAtToken -State $State -Token $tok
}

function Read-EmuOpathComparison {
    param([hashtable]$State)
    $propTok = $State.Tokens[$State.Index]
    $State.Index++
    $opTok = $State.Tokens[$State.Index]
    if ($opTok.Kind -ne 'Op' -and $opTok.Kind -ne 'OpNotSup') { Stop-EmuOpathAtToken -State $State -Token $opTok }
    $prop = $State.Properties[$propTok.Text]
    if ($null -eq $prop) {
        $head = '"{0}" is not a recognized filterable property. For a complete list of filterable properties see the command help.' -f $propTok.Text
        throw (New-EmuOpathException (New-EmuOpathPositionMessage -Head $head -Filter $State.Filter -Position $propTok.Pos))
    }
    if ($opTok.Kind -eq 'OpNotSup' -or $script:OpathComparisonOperators -notcontains $opTok.Value) {
        Stop-EmuOpathAtToken -State $State -Token $opTok
    }
    $State.Index++
    $valTok = $State.Tokens[$State.Index]
    if ($valTok.Kind -ne 'Str' -and $valTok.Kind -ne 'Num' -and $valTok.Kind -ne 'Var') {
        Stop-EmuOpathAtToken -State $State -Token $valTok
    }
    $State.Index++
    return (New-EmuOpathLeaf -State $State -Property $prop -Operator $opTok.Value -ValueToken $valTok)
}

function New-EmuOpathLeaf {
    # Applies docs/opath.md#null-values, docs/opath.md#the-star-value, docs/opath.md#wildcard-matching, docs/opath.md#typed-values to one comparison.
    param([hashtable]$State, [hashtable]$Property, [string]$Operator, [hashtable]$ValueToken)
    $name = $Property.Name
    $isNull = $false
    $text = $null
    $boolVar = $null
    if ($ValueToken.Kind -eq 'Var') {
        $var = $ValueToken.Value.ToLowerInvariant()
        if ($var -eq 'true') { $boolVar = 'True'; $text = 'True' }
        elseif ($var -eq 'false') { $boolVar = 'False'; $text = 'False' }
        else {
            # $null, and any other variable: it does not exist in the server's runspace, so it is $null there.
            $isNull = $true
        }
    } else {
        $text = [string]$ValueToken.Value
    }
    $exists = @{ Kind = 'Exists'; Property = $name }
    if ($isNull) {
        switch ($Operator) {
            'eq' { return @{ Kind = 'Not'; Child = $exists } }
            'notlike' { return @{ Kind = 'Not'; Child = @{ Kind = 'Not'; Child = $exists } } }
            default { return $exists }
        }
    }
    if ($Operator -eq 'like' -or $Operator -eq 'notlike') {
        if ($Operator -eq 'like' -and ($text -eq '*' -or $text -eq '**')) { return $exists }
        $leaf = @{ Kind = 'Text'; Property = $name; Pattern = $text }
        if ($Operator -eq 'notlike') { return @{ Kind = 'Not'; Child = $leaf } }
        return $leaf
    }
    if ($text -eq '*' -or $text -eq '**') {
        if ($Operator -eq 'eq') { return @{ Kind = 'Text'; Property = $name; Pattern = $text; Literal = $true } }
        return @{ Kind = 'Not'; Child = $exists }
    }
    $converted = ConvertTo-EmuOpathTypedValue -State $State -Property $Property -Text $text
    return @{ Kind = 'Cmp'; Property = $name; Operator = $Operator; Value = $converted }
}

function ConvertTo-EmuOpathTypedValue {
    param([hashtable]$State, [hashtable]$Property, [string]$Text)
    switch ($Property.Type) {
        'bool' {
            if ($Text -match '^(?i:true)$') { return 'True' }
            if ($Text -match '^(?i:false)$') { return 'False' }
            throw (New-EmuOpathException ('The value "{0}" could not be converted to type System.Boolean.' -f $Text))
        }
        'int' {
            $n = 0
            if ([int]::TryParse($Text, [System.Globalization.NumberStyles]::Integer, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$n)) { return [string]$n }
            throw (New-EmuOpathException ('The value "{0}" could not be converted to type System.Int32.' -f $Text))
        }
        'enum' {
            $list = $null
            $typeName = $null
            if ($Property.Name -eq 'RecipientType') {
                $list = $script:OpathRecipientTypes
                $typeName = 'Microsoft.Exchange.Data.Directory.Recipient.RecipientType'
            } elseif ($Property.Name -eq 'RecipientTypeDetails' -or $Property.Name -eq 'RecipientTypeDetailsValue') {
                $list = $script:OpathRecipientTypeDetails
                $typeName = 'Microsoft.Exchange.Data.Directory.Recipient.RecipientTypeDetails'
            }
            if ($null -eq $list) { return $Text }
            foreach ($member in $list) { if ($member -eq $Text) { return $member } }
            throw (New-EmuOpathException ('The value "{0}" could not be converted to type {1}.' -f $Text, $typeName))
        }
        'dn' {
            if (Test-EmuDistinguishedNameSyntax -Text $Text) { return $Text }
            if ($State.Online) { return ('DC=' + $Text) }
            $dn = $null
            if ($null -ne $State.Resolve) { $dn = & $State.Resolve $Text }
            if ($dn) { return $dn }
            throw (New-EmuOpathException ('The value "{0}" could not be converted to type Microsoft.Exchange.Data.Directory.ADObjectId.' -f $Text))
        }
        default { return $Text }
    }
}

function Test-EmuDistinguishedNameSyntax {
    # Each RDN starts with letters[letters/digits/-]*= ; no space after a comma, none before '=' (docs/opath.md#typed-values).
    param([string]$Text)
    if ([string]::IsNullOrEmpty($Text)) { return $false }
    $parts = $Text -split '(?<!\\),'
    foreach ($p in $parts) {
        if ($p -notmatch '^[A-Za-z][A-Za-z0-9-]*=.') { return $false }
    }
    return $true
}

function Format-EmuOpathLiteral {
    param([string]$Text)
    return "'" + $Text.Replace("'", "''") + "'"
}

function Format-EmuOpath {
    # The normalized text Exchange stores (docs/opath.md#canonical-form).
    param($Node)
    if ($null -eq $Node) { return '' }
    switch ($Node.Kind) {
        'Cmp' { return ('{0} -{1} {2}' -f $Node.Property, $Node.Operator, (Format-EmuOpathLiteral $Node.Value)) }
        'Text' { return ('{0} -like {1}' -f $Node.Property, (Format-EmuOpathLiteral $Node.Pattern)) }
        'Exists' { return ('{0} -ne $null' -f $Node.Property) }
        'Not' { return ('-not(' + (Format-EmuOpath $Node.Child) + ')') }
        'And' { return ('((' + (Format-EmuOpath $Node.Left) + ') -and (' + (Format-EmuOpath $Node.Right) + '))') }
        'Or' { return ('((' + (Format-EmuOpath $Node.Left) + ') -or (' + (Format-EmuOpath $Node.Right) + '))') }
    }
    throw "Unknown OPATH node kind '$($Node.Kind)'."
}

function Get-EmuRecipientPropertyValues {
    # The values of one property of a recipient record, as a list (empty list when the property is empty).
    param([hashtable]$Recipient, [string]$Property)
    $result = [System.Collections.Generic.List[object]]::new()
    $raw = $null
    if ($Recipient.ContainsKey($Property)) { $raw = $Recipient[$Property] }
    elseif ($Recipient.ContainsKey('Extra') -and $Recipient.Extra.ContainsKey($Property)) { $raw = $Recipient.Extra[$Property] }
    if ($null -eq $raw) { return , $result }
    if ($raw -is [System.Collections.IEnumerable] -and -not ($raw -is [string])) {
        foreach ($v in $raw) { if ($null -ne $v -and [string]$v -ne '') { $result.Add([string]$v) } }
    } elseif ([string]$raw -ne '') {
        $result.Add([string]$raw)
    }
    return , $result
}

function Test-EmuOpathMatch {
    # In-memory evaluation (docs/opath.md#in-memory-engine) of a parsed tree against a recipient record.
    param($Node, [hashtable]$Recipient)
    if ($null -eq $Node) { return $true }
    switch ($Node.Kind) {
        'And' { if (-not (Test-EmuOpathMatch $Node.Left $Recipient)) { return $false }; return (Test-EmuOpathMatch $Node.Right $Recipient) }
        'Or' { if (Test-EmuOpathMatch $Node.Left $Recipient) { return $true }; return (Test-EmuOpathMatch $Node.Right $Recipient) }
        'Not' { return (-not (Test-EmuOpathMatch $Node.Child $Recipient)) }
        'Exists' { return ((Get-EmuRecipientPropertyValues $Recipient $Node.Property).Count -gt 0) }
        'Text' {
            $values = Get-EmuRecipientPropertyValues $Recipient $Node.Property
            $pattern = $Node.Pattern
            if ($values.Count -eq 0) { return ($pattern -eq '') }
            $mode = 'Full'
            if (-not $Node.Literal) {
                $lead = $pattern.StartsWith('*')
                if ($lead) { $pattern = $pattern.Substring(1) }
                $trail = $pattern.EndsWith('*') -and $pattern.Length -gt 0
                if ($trail) { $pattern = $pattern.Substring(0, $pattern.Length - 1) }
                if ($lead -and $trail) { $mode = 'Substring' } elseif ($lead) { $mode = 'Suffix' } elseif ($trail) { $mode = 'Prefix' }
            }
            $cmp = [System.StringComparison]::OrdinalIgnoreCase
            foreach ($v in $values) {
                switch ($mode) {
                    'Full' { if ([string]::Equals($v, $pattern, $cmp)) { return $true } }
                    'Prefix' { if ($v.StartsWith($pattern, $cmp)) { return $true } }
                    'Suffix' { if ($v.EndsWith($pattern, $cmp)) { return $true } }
                    'Substring' { if ($v.IndexOf($pattern, $cmp) -ge 0) { return $true } }
                }
            }
            return $false
        }
        'Cmp' {
            $values = Get-EmuRecipientPropertyValues $Recipient $Node.Property
            $target = [string]$Node.Value
            if ($values.Count -eq 0) {
                if ($Node.Operator -eq 'ne') { return $true }
                if ($Node.Operator -eq 'lt' -or $Node.Operator -eq 'le') { return $true }
                return $false
            }
            foreach ($v in $values) {
                $c = Compare-EmuOpathValue $v $target
                switch ($Node.Operator) {
                    'eq' { if ($c -eq 0) { return $true } }
                    'ne' { if ($c -ne 0) { return $true } }
                    'lt' { if ($c -lt 0) { return $true } }
                    'le' { if ($c -le 0) { return $true } }
                    'gt' { if ($c -gt 0) { return $true } }
                    'ge' { if ($c -ge 0) { return $true } }
                }
            }
            return $false
        }
    }
    throw "Unknown OPATH node kind '$($Node.Kind)'."
}

function Compare-EmuOpathValue {
    param([string]$Left, [string]$Right)
    $a = 0.0
    $b = 0.0
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $style = [System.Globalization.NumberStyles]::Float
    if ([double]::TryParse($Left, $style, $inv, [ref]$a) -and [double]::TryParse($Right, $style, $inv, [ref]$b)) {
        return $a.CompareTo($b)
    }
    return [string]::Compare($Left, $Right, [System.StringComparison]::OrdinalIgnoreCase)
}
