<#
.SYNOPSIS
    Writes the exports of a fictional Exchange organisation (Fabrikam) for
    trying out Get-LightningSyncScopePreview offline.

.DESCRIPTION
    Builds a few hundred users and mailboxes across departments, offices and
    custom attributes, deterministically (fixed seed), in the shape Exchange's
    remote/EMS session returns them (type names
    Deserialized.Microsoft.Exchange.Data.Directory.Management.User/Mailbox,
    values in <Props>, enums and sizes as strings, multi-valued properties as
    lists, PSComputerName/RunspaceId notes). The objects are deserialized with
    Import-Clixml and written again with the real Export-Clixml:

      users.xml      Get-User -ResultSize Unlimited | Export-Clixml, as
                     PowerShell 7 writes it (UTF-8 without BOM)
      mailboxes.xml  Get-Mailbox -ResultSize Unlimited | Export-Clixml, as
                     Windows PowerShell 5.1 writes it (UTF-16 LE with BOM,
                     CRLF line ends, no final newline)

.PARAMETER OutputDirectory
    Where the files go. Default: the sample-org folder next to this script.

.PARAMETER UserCount
    How many users (default 320). About nine in ten get a mailbox.

.EXAMPLE
    ./examples/New-SampleOrg.ps1
    Regenerates examples/sample-org/users.xml and mailboxes.xml.

.EXAMPLE
    ./examples/New-SampleOrg.ps1 -OutputDirectory ./out/big -UserCount 100000
    Writes a large org for benchmarks.
#>
[CmdletBinding()]
param(
    [string] $OutputDirectory = (Join-Path $PSScriptRoot 'sample-org'),
    [ValidateRange(1, 10000000)]
    [int] $UserCount = 320
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$random = New-Object System.Random 20240501
$ns = 'http://schemas.microsoft.com/powershell/2004/04'
$domain = 'fabrikam.com'
$server = 'EX01'
$runspaceId = '5b1d7a52-6f1e-4c93-9a7b-3f4c2d1e0a9b'
$baseDate = New-Object System.DateTime 2019, 3, 4, 9, 0, 0

$departments = @('Sales', 'Sales', 'Sales', 'Marketing', 'Engineering', 'Engineering', 'Finance', 'Human Resources',
    'Legal', 'Support', 'Operations', 'IT', 'Sales & Marketing', 'sales', '')
$offices = @('Boston', 'London', 'Munich', 'Singapore', 'Sydney', 'Toronto')
$cities = @{ Boston = 'Boston'; London = 'London'; Munich = 'München'; Singapore = 'Singapore'; Sydney = 'Sydney'; Toronto = 'Toronto' }
$countries = @{ Boston = 'United States'; London = 'United Kingdom'; Munich = 'Germany'; Singapore = 'Singapore'; Sydney = 'Australia'; Toronto = 'Canada' }
$titles = @('Account Executive', 'Sales Manager', 'VP Sales', 'Engineer', 'Senior Engineer', 'Analyst', 'Director', 'Specialist', 'Consultant', 'Coordinator')
$firstNames = @('Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jürgen', 'Kofi', 'Lena', 'Mateo',
    'Nora', 'Oliver', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wei', 'Ximena', 'Yusuf', 'Zoë')
$lastNames = @('Adams', 'Bauer', 'Chen', 'Dubois', "O'Neil", 'Fischer', 'García', 'Hansen', 'Ito', 'Jones', 'Kowalski',
    'Larsen', 'Müller', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Novak', 'Weber', 'Young', 'Zhang')

function Get-Pick([object[]] $Items) { $Items[$random.Next($Items.Count)] }

function New-SampleGuid {
    $bytes = New-Object byte[] 16
    $random.NextBytes($bytes)
    (New-Object System.Guid (, $bytes)).ToString()
}

function ConvertTo-ClixmlText([string] $Text) {
    # PowerShell's string encoding (_x005F_ before x/X, control characters as
    # _xHHHH_), then XML escaping.
    $sb = New-Object System.Text.StringBuilder
    for ($i = 0; $i -lt $Text.Length; $i++) {
        $c = $Text[$i]
        $code = [int] $c
        if ($c -eq '_' -and $i + 1 -lt $Text.Length -and ($Text[$i + 1] -eq 'x' -or $Text[$i + 1] -eq 'X')) {
            [void] $sb.Append('_x005F_')
        } elseif ($code -le 0x1F -or ($code -ge 0x7F -and $code -le 0x9F) -or ($code -ge 0xD800 -and $code -le 0xDFFF)) {
            [void] $sb.Append(('_x{0:X4}_' -f $code))
        } else {
            [void] $sb.Append($c)
        }
    }
    [System.Security.SecurityElement]::Escape($sb.ToString())
}

function S([string] $Name, $Value) {
    if ($null -eq $Value) { return "<Nil N=`"$Name`" />" }
    "<S N=`"$Name`">$(ConvertTo-ClixmlText ([string] $Value))</S>"
}
function B([string] $Name, [bool] $Value) { "<B N=`"$Name`">$($Value.ToString().ToLowerInvariant())</B>" }
function G([string] $Name, [string] $Value) { "<G N=`"$Name`">$Value</G>" }
function DT([string] $Name, [datetime] $Value, [switch] $Utc) {
    if ($Utc) { return "<DT N=`"$Name`">$($Value.ToString('yyyy-MM-ddTHH:mm:ss'))Z</DT>" }
    # Unspecified kind: Import-Clixml would shift an offset to this machine's
    # time zone, which would make the output depend on where it is generated.
    "<DT N=`"$Name`">$($Value.ToString('yyyy-MM-ddTHH:mm:ss'))</DT>"
}
function MultiValued([string] $Name, [string] $TypeName, [string[]] $Items) {
    $body = if ($Items.Count -eq 0) { '<LST />' } else { '<LST>' + (($Items | ForEach-Object { "<S>$(ConvertTo-ClixmlText $_)</S>" }) -join '') + '</LST>' }
    "<Obj N=`"$Name`"><TN><T>Deserialized.$TypeName</T><T>Deserialized.Microsoft.Exchange.Data.MultiValuedPropertyBase</T><T>Deserialized.System.Object</T></TN>$body</Obj>"
}
function Notes { "<MS>$(S 'PSComputerName' "$($server.ToLowerInvariant()).$domain")<G N=`"RunspaceId`">$runspaceId</G>$(B 'PSShowComputerName' $false)</MS>" }

$stringList = 'Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]'
$userChain = @('Microsoft.Exchange.Data.Directory.Management.User', 'Microsoft.Exchange.Data.Directory.Management.OrgPersonPresentationObject',
    'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject', 'Microsoft.Exchange.Data.Directory.ADObject',
    'Microsoft.Exchange.Data.Directory.ADRawEntry', 'Microsoft.Exchange.Data.ConfigurableObject', 'System.Object')
$mailboxChain = @('Microsoft.Exchange.Data.Directory.Management.Mailbox', 'Microsoft.Exchange.Data.Directory.Management.MailEnabledOrgPerson',
    'Microsoft.Exchange.Data.Directory.Management.MailEnabledRecipient', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject',
    'Microsoft.Exchange.Data.Directory.ADObject', 'Microsoft.Exchange.Data.Directory.ADRawEntry', 'Microsoft.Exchange.Data.ConfigurableObject', 'System.Object')
function TN([string[]] $Chain) { '<TN>' + (($Chain | ForEach-Object { "<T>Deserialized.$_</T>" }) -join '') + '</TN>' }

# ---- the people ---------------------------------------------------------------------------------
$people = New-Object System.Collections.Generic.List[object]
$usedAliases = @{}
$usedNames = @{}
for ($i = 0; $i -lt $UserCount; $i++) {
    $first = Get-Pick $firstNames
    $last = Get-Pick $lastNames
    $aliasBase = (($first.Substring(0, 1) + $last) -replace "[^A-Za-z]", '').ToLowerInvariant()
    $alias = $aliasBase
    $n = 1
    while ($usedAliases.ContainsKey($alias)) { $n++; $alias = "$aliasBase$n" }
    $usedAliases[$alias] = $true
    $roll = $random.Next(100)
    $kind = if ($roll -lt 82) { 'UserMailbox' } elseif ($roll -lt 88) { 'User' } elseif ($roll -lt 91) { 'DisabledUser' } elseif ($roll -lt 96) { 'SharedMailbox' } elseif ($roll -lt 98) { 'RoomMailbox' } else { 'EquipmentMailbox' }
    $office = Get-Pick $offices
    $name = "$first $last"
    if ($kind -eq 'SharedMailbox') { $name = "$(Get-Pick @('Sales', 'Support', 'Billing', 'Info', 'Recruiting')) Team $($i + 1)"; $alias = "team$($i + 1)" }
    if ($kind -eq 'RoomMailbox') { $name = "$office Room $($i + 1)"; $alias = "room$($i + 1)" }
    if ($kind -eq 'EquipmentMailbox') { $name = "Projector $($i + 1)"; $alias = "equipment$($i + 1)" }
    if ($usedNames.ContainsKey($name)) { $name = "$name $($i + 1)" }
    $usedNames[$name] = $true
    if ($i -eq 7) { $name = "$name " + [char]::ConvertFromUtf32(0x1F680) }
    $ou = "OU=$office,OU=People,DC=fabrikam,DC=com"
    $people.Add([pscustomobject]@{
            Index = $i; Kind = $kind; First = $first; Last = $last; Name = $name; Alias = $alias
            Department = if ($kind -match 'Room|Equipment') { '' } else { Get-Pick $departments }
            Office = $office; Title = if ($kind -match 'User') { Get-Pick $titles } else { '' }
            Ou = $ou; Dn = "CN=$($name -replace ',', '\,'),$ou"; Guid = New-SampleGuid; ExchangeGuid = New-SampleGuid
            Created = $baseDate.AddDays($random.Next(1500)).AddMinutes($random.Next(1440))
            Ca1 = Get-Pick @('', '', 'SyncEnabled', 'SyncEnabled', 'SyncDisabled')
            Ca2 = "CC-$(1000 + $random.Next(40))"
            Ca5 = Get-Pick @('', 'VIP', '')
            Quota = Get-Pick @('Unlimited', '49.5 GB (53,150,220,288 bytes)', '99 GB (106,300,440,576 bytes)')
            Hidden = ($random.Next(20) -eq 0)
            ManagerIndex = if ($i -gt 10) { $random.Next(10) } else { -1 }
        })
}

function Get-Canonical($p) { "$domain/People/$($p.Office)/$($p.Name)" }

function New-UserXml($p) {
    $upn = "$($p.Alias)@$domain"
    $manager = if ($p.ManagerIndex -ge 0) { (Get-Canonical $people[$p.ManagerIndex]) } else { $null }
    $hasMailbox = $p.Kind -match 'Mailbox'
    $recipientType = if ($hasMailbox) { 'UserMailbox' } else { 'User' }
    $props = @(
        (S 'Name' $p.Name), (S 'DisplayName' $p.Name), (S 'FirstName' $p.First), (S 'LastName' $p.Last), (S 'Initials' ''),
        (S 'Department' $p.Department), (S 'Company' 'Fabrikam'), (S 'Office' $p.Office), (S 'Title' $p.Title), (S 'Manager' $manager),
        (S 'City' $cities[$p.Office]), (S 'StateOrProvince' ''), (S 'CountryOrRegion' $countries[$p.Office]), (S 'PostalCode' ''),
        (S 'StreetAddress' ''), (S 'Phone' ('+1 555 01{0:D2}' -f ($p.Index % 100))), (S 'MobilePhone' ''), (S 'Fax' ''), (S 'Notes' ''),
        (S 'WindowsEmailAddress' $(if ($hasMailbox) { "$($p.Alias)@$domain" } else { '' })), (S 'UserPrincipalName' $upn),
        (S 'SamAccountName' $p.Alias), (S 'SimpleDisplayName' ''), (S 'RecipientType' $recipientType),
        (S 'RecipientTypeDetails' $p.Kind), (B 'IsDirSynced' $false), (B 'AccountDisabled' ($p.Kind -eq 'DisabledUser' -or $p.Kind -match 'Shared|Room|Equipment')),
        (S 'UserAccountControl' $(if ($p.Kind -eq 'DisabledUser') { 'AccountDisabled, NormalAccount' } else { 'NormalAccount' })),
        (S 'OrganizationalUnit' "$domain/People/$($p.Office)"), (MultiValued 'ObjectClass' $stringList @('top', 'person', 'organizationalPerson', 'user')),
        (S 'ExchangeVersion' '0.20 (15.0.0.0)'), (S 'Identity' (Get-Canonical $p)), (S 'Id' (Get-Canonical $p)),
        (S 'DistinguishedName' $p.Dn), (G 'Guid' $p.Guid), (S 'ObjectCategory' "$domain/Configuration/Schema/Person"),
        (DT 'WhenChanged' $p.Created.AddDays(30)), (DT 'WhenCreated' $p.Created),
        (DT 'WhenChangedUTC' $p.Created.AddDays(30).AddHours(5) -Utc), (DT 'WhenCreatedUTC' $p.Created.AddHours(5) -Utc),
        (S 'OriginatingServer' "DC01.$domain"), (B 'IsValid' $true), (S 'ObjectState' 'Unchanged')
    )
    "<Obj>$(TN $userChain)<ToString>$(ConvertTo-ClixmlText $p.Name)</ToString><Props>$($props -join '')</Props>$(Notes)</Obj>"
}

function New-MailboxXml($p) {
    $smtp = "$($p.Alias)@$domain"
    $addresses = @("SMTP:$smtp", "smtp:$($p.Alias)@fabrikam.mail.onmicrosoft.com")
    if ($p.Index % 9 -eq 0) { $addresses += "X500:/o=Fabrikam/ou=Exchange Administrative Group/cn=Recipients/cn=$($p.Alias)" }
    $ca = @{}
    for ($k = 1; $k -le 15; $k++) { $ca[$k] = '' }
    $ca[1] = $p.Ca1; $ca[2] = $p.Ca2; $ca[5] = $p.Ca5
    $props = @(
        (S 'Name' $p.Name), (S 'Alias' $p.Alias), (S 'DisplayName' $p.Name), (S 'PrimarySmtpAddress' $smtp),
        (S 'WindowsEmailAddress' $smtp), (S 'UserPrincipalName' "$($p.Alias)@$domain"), (S 'SamAccountName' $p.Alias),
        (MultiValued 'EmailAddresses' 'Microsoft.Exchange.Data.ProxyAddressCollection' $addresses)
    )
    for ($k = 1; $k -le 15; $k++) { $props += S "CustomAttribute$k" $ca[$k] }
    for ($k = 1; $k -le 5; $k++) { $props += MultiValued "ExtensionCustomAttribute$k" $stringList @() }
    $props += @(
        (S 'Database' "DB0$(1 + $p.Index % 3)"), (S 'ServerName' $server.ToLowerInvariant()), (S 'Office' $p.Office),
        (S 'RecipientType' 'UserMailbox'), (S 'RecipientTypeDetails' $p.Kind),
        (B 'UseDatabaseQuotaDefaults' ($p.Quota -eq 'Unlimited')), (S 'ProhibitSendQuota' $p.Quota), (S 'ProhibitSendReceiveQuota' $p.Quota),
        (S 'IssueWarningQuota' $p.Quota), (S 'MaxSendSize' 'Unlimited'), (S 'MaxReceiveSize' 'Unlimited'), (S 'RetainDeletedItemsFor' '14.00:00:00'),
        (B 'HiddenFromAddressListsEnabled' $p.Hidden), (S 'ForwardingAddress' $null), (S 'ForwardingSmtpAddress' $null),
        (B 'DeliverToMailboxAndForward' $false), (G 'ExchangeGuid' $p.ExchangeGuid), (G 'ArchiveGuid' '00000000-0000-0000-0000-000000000000'),
        (S 'ArchiveStatus' 'None'), (B 'LitigationHoldEnabled' ($p.Index % 13 -eq 0)), (S 'RetentionPolicy' $null),
        (MultiValued 'AddressListMembership' $stringList @('\Default Global Address List', '\All Users', "\$($p.Office) Users")),
        (S 'OrganizationalUnit' "$domain/People/$($p.Office)"), (MultiValued 'ObjectClass' $stringList @('top', 'person', 'organizationalPerson', 'user')),
        (S 'ExchangeVersion' '0.20 (15.0.0.0)'), (S 'Identity' (Get-Canonical $p)), (S 'Id' (Get-Canonical $p)),
        (S 'DistinguishedName' $p.Dn), (G 'Guid' $p.Guid), (S 'ObjectCategory' "$domain/Configuration/Schema/Person"),
        (DT 'WhenMailboxCreated' $p.Created.AddMinutes(5)), (DT 'WhenChanged' $p.Created.AddDays(30)), (DT 'WhenCreated' $p.Created),
        (DT 'WhenChangedUTC' $p.Created.AddDays(30).AddHours(5) -Utc), (DT 'WhenCreatedUTC' $p.Created.AddHours(5) -Utc),
        (S 'OriginatingServer' "DC01.$domain"), (B 'IsValid' $true), (S 'ObjectState' 'Unchanged')
    )
    "<Obj>$(TN $mailboxChain)<ToString>$(ConvertTo-ClixmlText $p.Name)</ToString><Props>$($props -join '')</Props>$(Notes)</Obj>"
}

function Write-Export([string] $Path, [scriptblock] $MakeXml, [object[]] $Items, [switch] $WindowsPowerShellStyle) {
    # Deserialize the remote-shaped objects, then let Export-Clixml write them.
    $source = [System.IO.Path]::GetTempFileName()
    $writer = New-Object System.IO.StreamWriter($source, $false, (New-Object System.Text.UTF8Encoding $false))
    try {
        $writer.Write("<Objs Version=`"1.1.0.1`" xmlns=`"$ns`">")
        foreach ($item in $Items) { $writer.Write((& $MakeXml $item)) }
        $writer.Write('</Objs>')
    } finally { $writer.Dispose() }
    try {
        $objects = Import-Clixml -LiteralPath $source
        $objects | Export-Clixml -LiteralPath $Path
        $text = [System.IO.File]::ReadAllText($Path)
        if ($WindowsPowerShellStyle) {
            # Windows PowerShell 5.1: UTF-16 LE with BOM, CRLF, no final newline.
            $text = ($text -replace "`r?`n", "`r`n").TrimEnd("`r", "`n")
            [System.IO.File]::WriteAllText($Path, $text, (New-Object System.Text.UnicodeEncoding $false, $true))
        } else {
            # PowerShell 7: UTF-8 without BOM.
            [System.IO.File]::WriteAllText($Path, $text, (New-Object System.Text.UTF8Encoding $false))
        }
    } finally { Remove-Item -LiteralPath $source -Force }
}

$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
$mailboxPeople = @($people | Where-Object { $_.Kind -match 'Mailbox' })
Write-Export -Path (Join-Path $OutputDirectory 'users.xml') -MakeXml ${function:New-UserXml} -Items $people.ToArray()
Write-Export -Path (Join-Path $OutputDirectory 'mailboxes.xml') -MakeXml ${function:New-MailboxXml} -Items $mailboxPeople -WindowsPowerShellStyle
Write-Verbose "$($people.Count) users, $($mailboxPeople.Count) mailboxes written to $OutputDirectory"
