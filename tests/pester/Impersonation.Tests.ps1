# Test-LightningSyncImpersonation against a loopback EWS responder
# (tests/ews/responder.py) that answers like Exchange and records every
# request it receives.
BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    # Some tests call private functions in the module's scope. The module defines
    # them, and each public function sets strict mode, when a public function
    # first runs; here both are done in the module's own scope, so the private
    # functions run as they do under a public one.
    . (Get-Module LightningSync) { Import-LightningSyncPrivateFunction; Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0 }

    $script:Password = 'Pa55&<w0rd>"' + [guid]::NewGuid().ToString('N')
    $script:UserName = 'svc-sync@contoso.com'
    $script:Credential = New-Object System.Management.Automation.PSCredential($script:UserName, (ConvertTo-SecureString $script:Password -AsPlainText -Force))
    $script:WorkDir = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-ews-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:WorkDir | Out-Null
    $script:Responder = Join-Path $PSScriptRoot '../ews/responder.py'
    $script:Processes = @()

    # A Python 3.7+ interpreter, or $null.
    function Find-Python {
        foreach ($name in 'python3', 'python') {
            $command = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($null -eq $command) { continue }
            $ok = & $command.Source -c 'import sys; print(sys.version_info >= (3, 7))' 2>$null
            if ($LASTEXITCODE -eq 0 -and "$ok".Trim() -eq 'True') { return $command.Source }
        }
        $null
    }

    # Starts the responder on a free port; returns its base URL and log path.
    function Start-Responder([string] $Name, [string[]] $Extra = @()) {
        $log = Join-Path $script:WorkDir "$Name.jsonl"
        Set-Content -Path $log -Value '' -NoNewline
        $info = New-Object System.Diagnostics.ProcessStartInfo
        $info.FileName = $script:Python
        $quoted = @($script:Responder, '--log', $log, '--user', $script:UserName, '--password', $script:Password, '--lifetime', '900') + $Extra |
            ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }
        $info.Arguments = $quoted -join ' '
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.CreateNoWindow = $true
        $process = [System.Diagnostics.Process]::Start($info)
        $script:Processes += $process
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait(20000) -or "$($line.Result)" -notmatch '^PORT (\d+)$') {
            throw "The EWS responder did not start: $($process.StandardError.ReadToEnd())"
        }
        [pscustomobject]@{ Port = [int]$Matches[1]; Log = $log; Process = $process }
    }

    # The requests the responder accepted (authenticated), oldest first.
    function Get-Requests([string] $Log) {
        @(Get-Content -Path $Log -Encoding UTF8 | Where-Object { $_ } | ForEach-Object { ConvertFrom-Json -InputObject $_ })
    }

    $script:Python = Find-Python
    if ($null -ne $script:Python) {
        $script:Http = Start-Responder -Name 'http'
        $script:Url = "http://127.0.0.1:$($script:Http.Port)/EWS/Exchange.asmx"
    }

    # Probes through the plain-HTTP responder with the test credential; any
    # other parameters (and pipeline input) pass through.
    function Invoke-Probe {
        $fixed = @{ Credential = $script:Credential; EwsUrl = $script:Url; AllowUnencryptedAuthentication = $true }
        if ($args -notcontains '-TimeoutSec') { $fixed.TimeoutSec = 20 }
        if ($MyInvocation.ExpectingInput) { $input | Test-LightningSyncImpersonation @fixed @args }
        else { Test-LightningSyncImpersonation @fixed @args }
    }

    $script:CodeTable = @(ConvertFrom-Json -InputObject ([LightningSync.Interop.EwsProbe]::CodeTableJson()))
}

AfterAll {
    foreach ($process in $script:Processes) {
        if (-not $process.HasExited) {
            Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            $process.WaitForExit(5000) | Out-Null
        }
        $process.Dispose()
    }
    Remove-Item -Recurse -Force -Path $script:WorkDir -ErrorAction SilentlyContinue
}

Describe 'Test-LightningSyncImpersonation' {
    BeforeEach {
        if ($null -eq $script:Python) { Set-ItResult -Skipped -Because 'Python 3.7+ is needed for the loopback EWS responder' }
    }

    Context 'the request it sends' {
        It 'impersonates the mailbox by primary SMTP address, anchors it, and asks for calendar and contacts' {
            $before = (Get-Requests $script:Http.Log).Count
            $result = Invoke-Probe -Mailbox 'noerror@contoso.com'
            $requests = Get-Requests $script:Http.Log
            $requests.Count | Should -Be ($before + 1)
            $sent = $requests[-1]
            $sent.wellFormed | Should -BeTrue
            $sent.impersonationHeader | Should -BeTrue
            @($sent.identifiers).Count | Should -Be 1
            $sent.identifiers[0].element | Should -Be 'PrimarySmtpAddress'
            $sent.identifiers[0].value | Should -Be 'noerror@contoso.com'
            $sent.anchorMailbox | Should -Be 'noerror@contoso.com'
            $sent.requestServerVersion | Should -Be 'Exchange2013_SP1'
            $sent.operation | Should -Be 'GetFolder'
            $sent.folderIds | Should -Be @('calendar', 'contacts')
            $sent.delegateMailbox | Should -BeFalse
            $sent.contentType | Should -Be 'text/xml; charset=utf-8'
            $sent.user | Should -Be $script:UserName
            $result.Success | Should -BeTrue
        }

        It 'keeps a hostile address intact and well-formed: <Address>' -ForEach @(
            @{ Address = '"a&b<c>''d"@contoso.com' }
            @{ Address = '"</t:PrimarySmtpAddress><t:SID>S-1-5-18</t:SID>"@contoso.com' }
            @{ Address = '"<![CDATA[x]]>&amp;"@contoso.com' }
        ) {
            $result = Invoke-Probe -Mailbox $Address
            $sent = (Get-Requests $script:Http.Log)[-1]
            $sent.wellFormed | Should -BeTrue
            @($sent.identifiers).Count | Should -Be 1
            $sent.identifiers[0].element | Should -Be 'PrimarySmtpAddress'
            $sent.identifiers[0].value | Should -BeExactly $Address
            $sent.anchorMailbox | Should -BeExactly $Address
            $result.Mailbox | Should -BeExactly $Address
        }

        It 'sends a non-ASCII address in the body and leaves X-AnchorMailbox out' {
            $address = "j$([char]0x00FC)rgen@$([char]0x4F8B).jp"
            $result = Invoke-Probe -Mailbox $address
            $sent = (Get-Requests $script:Http.Log)[-1]
            $sent.identifiers[0].value | Should -BeExactly $address
            $sent.anchorMailbox | Should -BeNullOrEmpty
            $result.ResponseCode | Should -Be 'NoError'
        }

        It 'uses PrincipalName, SID and SmtpAddress when asked' {
            Invoke-Probe -Mailbox 'upn@corp.contoso.com' -IdentifierType PrincipalName | Out-Null
            $sent = (Get-Requests $script:Http.Log)[-1]
            $sent.identifiers[0].element | Should -Be 'PrincipalName'
            $sent.anchorMailbox | Should -Be 'upn@corp.contoso.com'

            $result = Invoke-Probe -Mailbox 'S-1-5-21-1004336348-1177238915-682003330-1104'
            $sent = (Get-Requests $script:Http.Log)[-1]
            $sent.identifiers[0].element | Should -Be 'SID'
            $sent.identifiers[0].value | Should -Be 'S-1-5-21-1004336348-1177238915-682003330-1104'
            $sent.anchorMailbox | Should -BeNullOrEmpty
            $result.IdentifierKind | Should -Be 'SID'

            Invoke-Probe -Mailbox 'alias@contoso.com' -IdentifierType SmtpAddress | Out-Null
            (Get-Requests $script:Http.Log)[-1].identifiers[0].element | Should -Be 'SmtpAddress'
        }

        It 'sends the requested RequestServerVersion' {
            Invoke-Probe -Mailbox 'noerror@contoso.com' -ExchangeVersion Exchange2010_SP2 | Out-Null
            (Get-Requests $script:Http.Log)[-1].requestServerVersion | Should -Be 'Exchange2010_SP2'
        }
    }

    Context 'the result' {
        It 'returns a typed result with meaning, fix, timing and server build' {
            $result = Invoke-Probe -Mailbox 'noerror@contoso.com'
            $result.PSObject.TypeNames[0] | Should -Be 'LightningSync.ImpersonationResult'
            $result.Mailbox | Should -Be 'noerror@contoso.com'
            $result.Success | Should -BeTrue
            $result.Access | Should -Be 'Granted'
            $result.ResponseCode | Should -Be 'NoError'
            $result.HttpStatus | Should -Be 200
            $result.Meaning | Should -Not -BeNullOrEmpty
            $result.Fix | Should -Not -BeNullOrEmpty
            $result.Elapsed | Should -BeOfType [timespan]
            $result.Elapsed.Ticks | Should -BeGreaterThan 0
            $result.ServerBuild | Should -Be '15.2.1544.4'
            $result.EwsUrl.AbsoluteUri | Should -Be $script:Url
            @($result.Folders).Count | Should -Be 2
            $result.Folders[0].Folder | Should -Be 'calendar'
            $result.Folders[1].FolderElement | Should -Be 'ContactsFolder'
            $result.PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames | Should -Contain 'ResponseCode'
        }

        It 'classifies <Mailbox> as <Code>' -ForEach @(
            @{ Mailbox = 'fault.ErrorImpersonateUserDenied@contoso.com'; Code = 'ErrorImpersonateUserDenied'; Status = 500; Access = 'Denied' }
            @{ Mailbox = 'fault.ErrorImpersonationDenied@contoso.com'; Code = 'ErrorImpersonationDenied'; Status = 500; Access = 'Denied' }
            @{ Mailbox = 'message.ErrorAccessDenied@contoso.com'; Code = 'ErrorAccessDenied'; Status = 200; Access = 'Denied' }
            @{ Mailbox = 'nonexistent@contoso.com'; Code = 'ErrorNonExistentMailbox'; Status = 500; Access = 'Unknown' }
            @{ Mailbox = 'fault.ErrorInvalidServerVersion@contoso.com'; Code = 'ErrorInvalidServerVersion'; Status = 500; Access = 'Unknown' }
            @{ Mailbox = 'contactsmissing@contoso.com'; Code = 'ErrorFolderNotFound'; Status = 200; Access = 'Granted' }
            @{ Mailbox = 'soapclient@contoso.com'; Code = 'HttpError'; Status = 500; Access = 'Unknown' }
            @{ Mailbox = 'http.401@contoso.com'; Code = 'HttpUnauthorized'; Status = 401; Access = 'Unknown' }
            @{ Mailbox = 'http.403@contoso.com'; Code = 'HttpForbidden'; Status = 403; Access = 'Unknown' }
            @{ Mailbox = 'http.503@contoso.com'; Code = 'HttpServiceUnavailable'; Status = 503; Access = 'Unknown' }
            @{ Mailbox = 'malformed@contoso.com'; Code = 'MalformedResponse'; Status = 200; Access = 'Unknown' }
            @{ Mailbox = 'loginpage@contoso.com'; Code = 'UnexpectedResponse'; Status = 200; Access = 'Unknown' }
            @{ Mailbox = 'oversized@contoso.com'; Code = 'ResponseTooLarge'; Status = 200; Access = 'Unknown' }
        ) {
            $result = Invoke-Probe -Mailbox $Mailbox
            $result.ResponseCode | Should -Be $Code
            $result.HttpStatus | Should -Be $Status
            $result.Access | Should -Be $Access
            $result.Success | Should -BeFalse
            $row = $script:CodeTable | Where-Object { $_.ResponseCode -eq $Code }
            $result.Meaning | Should -Be $row.Meaning
            $result.Fix | Should -Be $row.Fix
        }

        It 'reads the code, not the localized text, of a zh-CN fault' {
            $result = Invoke-Probe -Mailbox 'nonexistent@contoso.com'
            $result.ResponseCode | Should -Be 'ErrorNonExistentMailbox'
            $result.Detail | Should -Match '\p{IsCJKUnifiedIdeographs}'
        }

        It 'reports the back-off of a throttled request and that it may be retried' {
            $result = Invoke-Probe -Mailbox 'busy@contoso.com'
            $result.ResponseCode | Should -Be 'ErrorServerBusy'
            $result.Retryable | Should -BeTrue
            $result.BackOffMilliseconds | Should -Be 1500
        }

        It 'maps every EWS code of the table, as a fault and as a message error' {
            $codes = @($script:CodeTable | Where-Object { $_.Source -eq 'Ews' -and $_.ResponseCode -like 'Error*' })
            $codes.Count | Should -BeGreaterThan 15
            foreach ($row in $codes) {
                foreach ($shape in 'fault', 'message') {
                    $result = Invoke-Probe -Mailbox "$shape.$($row.ResponseCode)@contoso.com"
                    $result.ResponseCode | Should -Be $row.ResponseCode -Because "$shape $($row.ResponseCode)"
                    $result.Access | Should -Be $row.Access -Because "$shape $($row.ResponseCode)"
                    $result.Retryable | Should -Be $row.Retryable
                    $result.Meaning | Should -Be $row.Meaning
                    $result.Success | Should -BeFalse
                }
            }
        }

        It 'reports an unknown EWS code as it is' {
            $result = Invoke-Probe -Mailbox 'fault.ErrorBrandNewCode@contoso.com'
            $result.ResponseCode | Should -Be 'ErrorBrandNewCode'
            $result.Success | Should -BeFalse
            $result.Meaning | Should -Match 'does not know'
        }

        It 'returns one result per mailbox, in order, from the pipeline and by property name' {
            $results = @('noerror@contoso.com', 'fault.ErrorImpersonateUserDenied@contoso.com' | Invoke-Probe)
            $results.Count | Should -Be 2
            $results[0].ResponseCode | Should -Be 'NoError'
            $results[1].ResponseCode | Should -Be 'ErrorImpersonateUserDenied'
            $byName = @([pscustomobject]@{ PrimarySmtpAddress = 'noerror@contoso.com' } | Invoke-Probe)
            $byName.Count | Should -Be 1
            $byName[0].Success | Should -BeTrue
        }
    }

    Context '-ExpectDenied' {
        It 'counts a refusal as success' {
            $result = Invoke-Probe -Mailbox 'fault.ErrorImpersonateUserDenied@contoso.com' -ExpectDenied
            $result.Success | Should -BeTrue
            $result.ExpectDenied | Should -BeTrue
            $result.Fix | Should -Match '^None needed'
        }

        It 'counts access as failure and says how to find the extra grant' {
            $result = Invoke-Probe -Mailbox 'noerror@contoso.com' -ExpectDenied
            $result.Success | Should -BeFalse
            $result.Access | Should -Be 'Granted'
            $result.Meaning | Should -Match 'expected to be outside'
            $result.Fix | Should -Match 'WritableRecipient'
        }

        It 'never counts <Mailbox> as a proven denial' -ForEach @(
            @{ Mailbox = 'http.401@contoso.com' }
            @{ Mailbox = 'nonexistent@contoso.com' }
            @{ Mailbox = 'malformed@contoso.com' }
            @{ Mailbox = 'contactsmissing@contoso.com' }
        ) {
            (Invoke-Probe -Mailbox $Mailbox -ExpectDenied).Success | Should -BeFalse
        }
    }

    Context 'authentication and transport' {
        It 'answers the server''s Basic challenge with the credential' {
            Invoke-Probe -Mailbox 'noerror@contoso.com' | Out-Null
            $sent = (Get-Requests $script:Http.Log)[-1]
            $sent.authenticated | Should -BeTrue
            $sent.user | Should -Be $script:UserName
        }

        It 'reports a wrong password as HttpUnauthorized' {
            $before = (Get-Requests $script:Http.Log).Count
            $wrong = New-Object System.Management.Automation.PSCredential($script:UserName, (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
            $result = Test-LightningSyncImpersonation -Mailbox 'noerror@contoso.com' -Credential $wrong -EwsUrl $script:Url -AllowUnencryptedAuthentication
            $result.ResponseCode | Should -Be 'HttpUnauthorized'
            $result.HttpStatus | Should -Be 401
            $result.Success | Should -BeFalse
            (Get-Requests $script:Http.Log).Count | Should -Be $before
        }

        It 'gives up after -TimeoutSec on a slow server' {
            $result = Invoke-Probe -Mailbox 'slow.6@contoso.com' -TimeoutSec 1
            $result.ResponseCode | Should -Be 'Timeout'
            $result.HttpStatus | Should -BeNullOrEmpty
            $result.Retryable | Should -BeTrue
            $result.Elapsed.TotalSeconds | Should -BeLessThan 5
        }

        It 'reports a closed port as ConnectionFailed' {
            $listener = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            $port = $listener.LocalEndpoint.Port
            $listener.Stop()
            $result = Test-LightningSyncImpersonation -Mailbox 'noerror@contoso.com' -Credential $script:Credential -EwsUrl "http://127.0.0.1:$port/EWS/Exchange.asmx" -AllowUnencryptedAuthentication -TimeoutSec 10
            $result.ResponseCode | Should -Be 'ConnectionFailed'
            $result.Success | Should -BeFalse
        }

        It 'refuses a plain-HTTP URL unless unencrypted authentication is allowed' {
            { Test-LightningSyncImpersonation -Mailbox 'noerror@contoso.com' -Credential $script:Credential -EwsUrl $script:Url } |
                Should -Throw -ErrorId 'LightningSync.EwsUrlInvalid*'
            { Test-LightningSyncImpersonation -Mailbox 'noerror@contoso.com' -Credential $script:Credential -EwsUrl 'ftp://mail.contoso.com/EWS' } |
                Should -Throw -ErrorId 'LightningSync.EwsUrlInvalid*'
        }

        It 'writes an error for an unusable mailbox and goes on with the others' {
            $errors = @()
            $results = @(Test-LightningSyncImpersonation -Mailbox 'no-at-sign', 'noerror@contoso.com', "bad$([char]7)@contoso.com" -Credential $script:Credential `
                    -EwsUrl $script:Url -AllowUnencryptedAuthentication -ErrorVariable errors -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 1
            $results[0].Mailbox | Should -Be 'noerror@contoso.com'
            $errors.Count | Should -Be 2
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.EwsMailboxInvalid*'
            $errors[1].Exception.Position | Should -Be 4
        }

        It 'keeps such errors non-terminating by default and terminating with -ErrorAction Stop' {
            $results = @(Invoke-Probe -Mailbox 'no-at-sign', 'noerror@contoso.com' 2>$null)
            $results.Count | Should -Be 1
            { Invoke-Probe -Mailbox 'no-at-sign', 'noerror@contoso.com' -ErrorAction Stop } |
                Should -Throw -ErrorId 'LightningSync.EwsMailboxInvalid*'
        }

        It 'leaves ServicePointManager as it found it' {
            $protocols = [System.Net.ServicePointManager]::SecurityProtocol
            $callback = [System.Net.ServicePointManager]::ServerCertificateValidationCallback
            Invoke-Probe -Mailbox 'noerror@contoso.com', 'http.401@contoso.com', 'slow.3@contoso.com' -TimeoutSec 1 | Out-Null
            [System.Net.ServicePointManager]::SecurityProtocol | Should -Be $protocols
            [System.Net.ServicePointManager]::ServerCertificateValidationCallback | Should -Be $callback
        }
    }

    Context 'credentials stay secret' {
        It 'puts the password in no output, verbose, debug, warning or error stream' {
            $common = @{ Credential = $script:Credential; EwsUrl = $script:Url; AllowUnencryptedAuthentication = $true; Verbose = $true }
            # -Debug means Inquire in Windows PowerShell 5.1; PowerShell 7 writes the debug stream.
            if ($PSVersionTable.PSEdition -eq 'Core') { $common.Debug = $true }
            $captured = & {
                Test-LightningSyncImpersonation @common -Mailbox 'noerror@contoso.com', 'http.401@contoso.com', 'fault.ErrorImpersonateUserDenied@contoso.com', 'malformed@contoso.com', 'no-at-sign'
                Test-LightningSyncImpersonation @common -Mailbox 'slow.4@contoso.com' -TimeoutSec 1
                try { Test-LightningSyncImpersonation -Mailbox 'x@contoso.com' -Credential $script:Credential -EwsUrl $script:Url -Verbose }
                catch { $_ }
            } *>&1
            $text = @($captured | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { "$_ $($_.Exception) $($_.ScriptStackTrace) $($_.TargetObject)" }
                elseif ($_ -is [psobject] -and $_.PSObject.TypeNames -contains 'LightningSync.ImpersonationResult') { ConvertTo-Json -InputObject $_ -Depth 4 }
                else { "$_" }
            }) -join "`n"
            $text | Should -Match 'noerror@contoso.com'
            @($captured | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 3
            $basic = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("$($script:UserName):$($script:Password)"))
            $text.Contains($script:Password) | Should -BeFalse
            $text.Contains($basic) | Should -BeFalse
        }
    }

    Context 'Autodiscover' {
        It 'finds the EWS URL from a POX Autodiscover answer, skipping a candidate that fails' {
            $base = "http://127.0.0.1:$($script:Http.Port)"
            $url = InModuleScope LightningSync -Parameters @{ Base = $base; Credential = $script:Credential } {
                param($Base, $Credential)
                Resolve-LightningSyncEwsUrl -EmailAddress 'noerror@contoso.com' -Credential $Credential -TimeoutSec 10 -AllowUnencryptedAuthentication `
                    -CandidateUri "$Base/missing/autodiscover.xml", "$Base/autodiscover/autodiscover.xml"
            }
            $url.AbsoluteUri | Should -Be $script:Url
        }

        It 'names every URL it tried when none answers' {
            $base = "http://127.0.0.1:$($script:Http.Port)"
            {
                InModuleScope LightningSync -Parameters @{ Base = $base; Credential = $script:Credential } {
                    param($Base, $Credential)
                    Resolve-LightningSyncEwsUrl -EmailAddress 'noerror@contoso.com' -Credential $Credential -TimeoutSec 10 -AllowUnencryptedAuthentication `
                        -CandidateUri "$Base/missing/autodiscover.xml", 'https://127.0.0.1:1/autodiscover/autodiscover.xml'
                }
            } | Should -Throw -ExpectedMessage '*missing/autodiscover.xml: HTTP 404*127.0.0.1:1*'
        }
    }
}

Describe 'Test-LightningSyncImpersonation over TLS' {
    BeforeAll {
        $script:Tls = $null
        $openssl = Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($null -ne $script:Python -and $null -ne $openssl) {
            $cert = Join-Path $script:WorkDir 'cert.pem'
            $key = Join-Path $script:WorkDir 'key.pem'
            & $openssl.Source req -x509 -newkey rsa:2048 -nodes -keyout $key -out $cert -days 2 -subj '/CN=127.0.0.1' 2>$null | Out-Null
            if ($LASTEXITCODE -eq 0 -and (Test-Path $cert)) {
                $script:Tls = Start-Responder -Name 'tls' -Extra @('--certfile', $cert, '--keyfile', $key)
                $script:TlsUrl = "https://127.0.0.1:$($script:Tls.Port)/EWS/Exchange.asmx"
            }
        }
    }

    BeforeEach {
        if ($null -eq $script:Tls) { Set-ItResult -Skipped -Because 'Python 3.7+ and openssl are needed for the TLS responder' }
    }

    It 'refuses an untrusted certificate by default' {
        $result = Test-LightningSyncImpersonation -Mailbox 'noerror@contoso.com' -Credential $script:Credential -EwsUrl $script:TlsUrl -TimeoutSec 10
        $result.ResponseCode | Should -Be 'TlsFailed'
        $result.Success | Should -BeFalse
        @(Get-Requests $script:Tls.Log).Count | Should -Be 0
    }

    It 'accepts it with -SkipCertificateCheck, and only for that call' {
        $callback = [System.Net.ServicePointManager]::ServerCertificateValidationCallback
        $result = Test-LightningSyncImpersonation -Mailbox 'noerror@contoso.com' -Credential $script:Credential -EwsUrl $script:TlsUrl -TimeoutSec 10 -SkipCertificateCheck
        $result.ResponseCode | Should -Be 'NoError'
        $result.Success | Should -BeTrue
        [System.Net.ServicePointManager]::ServerCertificateValidationCallback | Should -Be $callback
        $again = Test-LightningSyncImpersonation -Mailbox 'noerror@contoso.com' -Credential $script:Credential -EwsUrl $script:TlsUrl -TimeoutSec 10
        $again.ResponseCode | Should -Be 'TlsFailed'
    }
}
