//! Every filter example in the OPATH documentation (docs/opath.md#lexical-rules, docs/opath.md#grammar, docs/opath.md#comparisons, docs/opath.md#canonical-form, docs/opath.md#scope-filters-and-recipient-filters, docs/opath.md#error-messages)
//! with the outcome Exchange gives for it: canonical text, or the error code,
//! position and message start.

use lightningsync::opath::{Environment, Filter};

/// (filter as Exchange receives it, canonical text Exchange stores)
const CANONICAL: &[(&str, &str)] = &[
    // docs/opath.md#canonical-form examples
    ("Department -eq 'Sales'", "Department -eq 'Sales'"),
    ("department -eq \"Sales\"", "Department -eq 'Sales'"),
    (
        "Title -like 'VP*' -and Company -ne $null",
        "((Title -like 'VP*') -and (Company -ne $null))",
    ),
    (
        "-not (Company -like 'Colony*')",
        "-not(Company -like 'Colony*')",
    ),
    (
        "RecipientTypeDetails -eq 'usermailbox'",
        "RecipientTypeDetails -eq 'UserMailbox'",
    ),
    (
        "HiddenFromAddressListsEnabled -eq $true",
        "HiddenFromAddressListsEnabled -eq 'True'",
    ),
    (
        "CustomAttribute1 -eq $null",
        "-not(CustomAttribute1 -ne $null)",
    ),
    ("Company -eq 'O''Neil'", "Company -eq 'O''Neil'"),
    (
        "Title -eq 'a' -and Company -eq 'b' -and City -eq 'c'",
        "((((Title -eq 'a') -and (Company -eq 'b'))) -and (City -eq 'c'))",
    ),
    // docs/opath.md#null-values null
    ("Alias -ne $null", "Alias -ne $null"),
    ("Alias -lt $Null", "Alias -ne $null"),
    ("Alias -like ${null}", "Alias -ne $null"),
    ("Alias -notlike $NULL", "-not(-not(Alias -ne $null))"),
    // docs/opath.md#the-star-value '*'
    ("Alias -like '*'", "Alias -ne $null"),
    ("Alias -like '**'", "Alias -ne $null"),
    // Exchange stores `-like '*'`, which reads back as a presence test (another
    // tree); the canonical text keeps `-eq '*'` so that it is a fixed point.
    ("Alias -eq '*'", "Alias -eq '*'"),
    ("Alias -ne '*'", "-not(Alias -ne $null)"),
    ("Alias -gt '*'", "-not(Alias -ne $null)"),
    ("Alias -notlike '*'", "-not(Alias -eq '*')"),
    // docs/opath.md#wildcard-matching wildcards
    ("Alias -like 'abc'", "Alias -like 'abc'"),
    ("Alias -like 'abc*'", "Alias -like 'abc*'"),
    ("Alias -like '*abc'", "Alias -like '*abc'"),
    ("Alias -like '*abc*'", "Alias -like '*abc*'"),
    ("Alias -like 'a*b'", "Alias -like 'a*b'"),
    ("Alias -notlike 'abc'", "-not(Alias -like 'abc')"),
    // docs/opath.md#typed-values typing
    ("CustomAttribute11 -eq 19", "CustomAttribute11 -eq '19'"),
    (
        "RecipientTypeDetails -eq 'Roomlist'",
        "RecipientTypeDetails -eq 'RoomList'",
    ),
    (
        "UserAccountControl -eq 'AccountDisabled, NormalAccount'",
        "UserAccountControl -eq 'AccountDisabled, NormalAccount'",
    ),
    (
        "HiddenFromAddressListsEnabled -eq 'false'",
        "HiddenFromAddressListsEnabled -eq 'False'",
    ),
    (
        "WhenCreated -gt '8/1/2017'",
        "WhenCreated -gt '8/1/2017 12:00:00 AM'",
    ),
    (
        "WhenCreated -gt '8/1/2017 2:00:00 PM'",
        "WhenCreated -gt '8/1/2017 2:00:00 PM'",
    ),
    (
        "WhenCreated -gt '2017-08-01'",
        "WhenCreated -gt '8/1/2017 12:00:00 AM'",
    ),
    (
        "EmailAddresses -eq 'john@contoso.com'",
        "EmailAddresses -eq 'SMTP:john@contoso.com'",
    ),
    (
        "ProhibitSendQuota -lt '1.5GB'",
        "ProhibitSendQuota -lt '1.5 GB (1,610,612,736 bytes)'",
    ),
    // docs/opath.md#lexical-rules lexical rules
    ("C-eq'x'", "C -eq 'x'"),
    (
        "(Alias -eq 'a')-and(City -eq 'b')",
        "((Alias -eq 'a') -and (City -eq 'b'))",
    ),
    ("{Department -eq 'x'}", "Department -eq 'x'"),
    (
        "CustomAttribute1 -eq '{x} \"y\" `z'",
        "CustomAttribute1 -eq '{x} \"y\" `z'",
    ),
    (
        "CustomAttribute1 -eq \"it`'s `\"q`\"\"",
        "CustomAttribute1 -eq 'it''s \"q\"'",
    ),
    ("Department -eq 'Sales'  ", "Department -eq 'Sales'"),
    // docs/opath.md#grammar precedence
    (
        "-not Alias -eq 'x' -and City -eq 'y'",
        "((-not(Alias -eq 'x')) -and (City -eq 'y'))",
    ),
    ("-not -not(Alias -eq 'x')", "-not(-not(Alias -eq 'x'))"),
    (
        "(Title -eq 'a') -or (Title -eq 'b') -and (City -eq 'c')",
        "((Title -eq 'a') -or (((Title -eq 'b') -and (City -eq 'c'))))",
    ),
    (
        "Title -eq 'a' -or Title -eq 'b' -and City -eq 'c'",
        "((Title -eq 'a') -or (((Title -eq 'b') -and (City -eq 'c'))))",
    ),
    // docs/opath.md#scope-filters-and-recipient-filters Microsoft's scope examples
    (
        "RecipientType -eq 'UserMailbox'",
        "RecipientType -eq 'UserMailbox'",
    ),
    ("Title -like 'VP*'", "Title -like 'VP*'"),
    (
        "City -eq 'Seattle' -and RecipientType -eq 'UserMailbox'",
        "((City -eq 'Seattle') -and (RecipientType -eq 'UserMailbox'))",
    ),
    ("UsageLocation -eq 'FR'", "UsageLocation -eq 'FR'"),
    (
        "MemberOfGroup -eq 'CN=Sales,OU=Groups,DC=contoso,DC=com'",
        "MemberOfGroup -eq 'CN=Sales,OU=Groups,DC=contoso,DC=com'",
    ),
    // docs/opath.md#variables variables that are allowed
    ("Alias -ne $Null", "Alias -ne $null"),
    (
        "HiddenFromAddressListsEnabled -eq $TRUE",
        "HiddenFromAddressListsEnabled -eq 'True'",
    ),
    // docs/opath.md#variables '$x' inside quotes is text
    ("Office -eq '$Office'", "Office -eq '$Office'"),
    // empty
    ("", ""),
    ("   ", ""),
];

/// (filter, error code, 1-based position or 0 for none, message start)
const ERRORS: &[(&str, &str, usize, &str)] = &[
    (
        "Department -eq Sales",
        "InvalidSyntax",
        16,
        "Invalid filter syntax. For a description of the filter parameter syntax see the command help.",
    ),
    (
        "CustomAttribute15 -like *AgencyB*",
        "InvalidSyntax",
        26,
        "Invalid filter syntax.",
    ),
    (
        "Department \u{2013}eq 'Sales'",
        "InvalidSyntax",
        13,
        "Invalid filter syntax.",
    ),
    (
        "Department -eq \u{2018}Sales\u{2019}",
        "InvalidSyntax",
        17,
        "Invalid filter syntax.",
    ),
    (
        "msExch.Foo -eq 'x'",
        "UnknownProperty",
        1,
        "\"msExch\" is not a recognized filterable property.",
    ),
    (
        "Alias - eq 'x'",
        "InvalidSyntax",
        7,
        "Invalid filter syntax.",
    ),
    (
        "'Sales' -eq Department",
        "InvalidSyntax",
        1,
        "Invalid filter syntax.",
    ),
    (
        "Department -eq Title",
        "InvalidSyntax",
        16,
        "Invalid filter syntax.",
    ),
    (
        "Title -eq 'a','b'",
        "InvalidSyntax",
        15,
        "Invalid filter syntax.",
    ),
    (
        "Title -eq @('a')",
        "InvalidSyntax",
        12,
        "Invalid filter syntax.",
    ),
    (
        "Title -eq 'a' -or 'b'",
        "InvalidSyntax",
        19,
        "Invalid filter syntax.",
    ),
    (
        "Title -eq 'a' and City -eq 'b'",
        "InvalidSyntax",
        15,
        "Invalid filter syntax.",
    ),
    (
        "Title -eq 'a' -and",
        "InvalidSyntax",
        19,
        "Invalid filter syntax.",
    ),
    (
        "(Title -eq 'a'",
        "InvalidSyntax",
        15,
        "Invalid filter syntax.",
    ),
    (
        "Title -eq 'a')",
        "InvalidSyntax",
        14,
        "Invalid filter syntax.",
    ),
    (
        "Title -eq \"a\"\"b\"",
        "InvalidSyntax",
        14,
        "Invalid filter syntax.",
    ),
    (
        "ArchiveQuota -lt 1.5GB",
        "InvalidSyntax",
        21,
        "Invalid filter syntax.",
    ),
    ("Alias -ne ", "InvalidSyntax", 11, "Invalid filter syntax."),
    (
        "Title -eq 'abc",
        "InvalidSyntax",
        11,
        "Invalid filter syntax.",
    ),
    (
        "False",
        "UnknownProperty",
        1,
        "\"False\" is not a recognized filterable property.",
    ),
    (
        "Department -match 'Sal'",
        "UnsupportedOperator",
        12,
        "\"-match\" is not a valid operator. For a list of supported operators see the command help.",
    ),
    (
        "Department -in 'Sales'",
        "UnsupportedOperator",
        12,
        "\"-in\" is not a valid operator.",
    ),
    (
        "Department -contains 'Sales'",
        "UnsupportedOperator",
        12,
        "\"-contains\" is not a valid operator.",
    ),
    (
        "Department -notin 'Sales'",
        "UnsupportedOperator",
        12,
        "\"-notin\" is not a valid operator.",
    ),
    (
        "Department -ceq 'Sales'",
        "UnsupportedOperator",
        12,
        "\"-ceq\" is not a valid operator.",
    ),
    (
        "Department = 'Sales'",
        "UnsupportedOperator",
        12,
        "\"=\" is not a valid operator.",
    ),
    (
        "Department == 'Sales'",
        "UnsupportedOperator",
        12,
        "\"==\" is not a valid operator.",
    ),
    (
        "Title -eq 'a' && City -eq 'b'",
        "UnsupportedOperator",
        15,
        "\"&&\" is not a valid operator.",
    ),
    (
        "Departmnet -match 'x'",
        "UnknownProperty",
        1,
        "\"Departmnet\" is not a recognized filterable property. For a complete list of filterable properties see the command help.",
    ),
    (
        "extensionAttribute1 -eq 'x'",
        "UnknownProperty",
        1,
        "\"extensionAttribute1\" is not a recognized filterable property.",
    ),
    (
        "memberOf -eq 'CN=x,DC=y'",
        "UnknownProperty",
        1,
        "\"memberOf\" is not a recognized filterable property.",
    ),
    (
        "Alias -eq $x",
        "VariableNotAllowed",
        11,
        "This filter parameter does not accept filters that contain variables. For a description of the filter parameter syntax, see the command help.",
    ),
    (
        "Alias -eq ${my var}",
        "VariableNotAllowed",
        11,
        "This filter parameter does not accept filters that contain variables.",
    ),
    (
        "RecipientType -eq 'MailboxUser'",
        "InvalidValue",
        0,
        "The value \"MailboxUser\" could not be converted to type Microsoft.Exchange.Data.Directory.Recipient.RecipientType.",
    ),
    (
        "RecipientTypeDetails -eq 'Equipment'",
        "InvalidValue",
        0,
        "The value \"Equipment\" could not be converted to type",
    ),
    (
        "RecipientTypeDetails -eq 'Shared'",
        "InvalidValue",
        0,
        "The value \"Shared\" could not be converted to type",
    ),
    (
        "HiddenFromAddressListsEnabled -eq 1",
        "InvalidValue",
        0,
        "The value \"1\" could not be converted to type System.Boolean.",
    ),
    (
        "HiddenFromAddressListsEnabled -eq 'yes'",
        "InvalidValue",
        0,
        "The value \"yes\" could not be converted to type System.Boolean.",
    ),
    (
        "HiddenFromAddressListsEnabled -eq '$true'",
        "InvalidValue",
        0,
        "The value \"$true\" could not be converted to type System.Boolean.",
    ),
    (
        "WhenCreated -gt '25/12/2017'",
        "InvalidValue",
        0,
        "The value \"25/12/2017\" could not be converted to type System.DateTime.",
    ),
    (
        "Manager -eq 'Ann Smith'",
        "InvalidValue",
        0,
        "The value \"Ann Smith\" could not be converted to type Microsoft.Exchange.Data.Directory.ADObjectId.",
    ),
    (
        "Manager -gt 'CN=a,DC=b'",
        "NotComparable",
        0,
        "Property 'Manager' of type 'Microsoft.Exchange.Data.Directory.ADObjectId' is not IComparable, so it doesn't support comparison operation 'GreaterThan'.",
    ),
    (
        "RecipientTypeDetails -like 'User*'",
        "UnsupportedOperator",
        0,
        "Property RecipientTypeDetails used in the filter has unsupported operator -like.",
    ),
];

fn compile(text: &str) -> Filter {
    Filter::compile(text, Environment::OnPremises)
}

#[test]
fn every_spec_example_gives_exchanges_canonical_text() {
    let mut failures = Vec::new();
    for &(text, expected) in CANONICAL {
        let f = compile(text);
        let got = f.canonical();
        let ok = if expected.is_empty() && !text.trim().is_empty() {
            // Only validity is asserted for these rows.
            got.is_some()
        } else {
            got == Some(expected)
        };
        if !ok {
            failures.push(format!(
                "{text:?}: got {got:?} ({:?}), want {expected:?}",
                f.diagnostics().first()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_spec_error_example_gives_exchanges_error() {
    let mut failures = Vec::new();
    for &(text, code, position, message) in ERRORS {
        let f = compile(text);
        let Some(d) = f.diagnostics().first() else {
            failures.push(format!("{text:?}: no diagnostic"));
            continue;
        };
        let want_position = if position == 0 { None } else { Some(position) };
        if f.is_valid()
            || d.code != code
            || d.position != want_position
            || !d.message.starts_with(message)
        {
            failures.push(format!(
                "{text:?}: got {} at {:?}: {:?}; want {code} at {want_position:?}: {message:?}",
                d.code, d.position, d.message
            ));
        }
        if f.canonical().is_some() {
            failures.push(format!("{text:?}: invalid filter has canonical text"));
        }
        if d.hint.is_none() {
            failures.push(format!("{text:?}: error without a hint"));
        }
        if let Some(p) = want_position
            && !d.message.ends_with(&format!("\"{text}\" at position {p}."))
        {
            failures.push(format!(
                "{text:?}: message lacks the position suffix: {:?}",
                d.message
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn exchange_online_friendly_dn_values_stay_as_written_and_are_flagged() {
    // Exchange Online stores 'DC=POL_TEST_Staff' (matching nobody); the
    // warning says so, and the canonical text keeps the value as written.
    let f = Filter::compile(
        "MemberOfGroup -eq 'POL_TEST_Staff'",
        Environment::ExchangeOnline,
    );
    assert_eq!(f.canonical(), Some("MemberOfGroup -eq 'POL_TEST_Staff'"));
    assert!(
        f.diagnostics()
            .iter()
            .any(|d| d.code == "NotADistinguishedName")
    );
    assert!(!compile("MemberOfGroup -eq 'POL_TEST_Staff'").is_valid());
}
