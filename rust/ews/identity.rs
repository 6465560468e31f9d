//! Who the probe impersonates: the `ConnectingSID` identifier of the
//! `ExchangeImpersonation` header, validated.

use std::fmt;
use std::str::FromStr;

/// The longest identifier accepted, in characters. An SMTP address is at most
/// 320 characters and a SID far shorter; this leaves room for long UPNs.
pub const MAX_IDENTIFIER_CHARS: usize = 512;

/// Which `ConnectingSID` child element names the mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierKind {
    /// `t:PrimarySmtpAddress`: the mailbox's primary SMTP address.
    PrimarySmtpAddress,
    /// `t:SmtpAddress`: any SMTP address of the mailbox (Exchange 2007 SP1+).
    SmtpAddress,
    /// `t:PrincipalName`: the user principal name.
    PrincipalName,
    /// `t:SID`: the user's security identifier in SDDL form (`S-1-5-21-…`).
    Sid,
}

impl IdentifierKind {
    /// The element name used inside `t:ConnectingSID`.
    pub fn element_name(self) -> &'static str {
        match self {
            IdentifierKind::PrimarySmtpAddress => "PrimarySmtpAddress",
            IdentifierKind::SmtpAddress => "SmtpAddress",
            IdentifierKind::PrincipalName => "PrincipalName",
            IdentifierKind::Sid => "SID",
        }
    }
}

/// The way a caller asks for the identifier kind; `Auto` picks `Sid` for a
/// value that starts with `S-1-` and `PrimarySmtpAddress` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierChoice {
    /// Decide from the value.
    Auto,
    /// Use exactly this kind.
    Kind(IdentifierKind),
}

impl FromStr for IdentifierChoice {
    type Err = IdentityError;

    /// Parses `Auto`, `PrimarySmtpAddress`, `SmtpAddress`, `PrincipalName`
    /// (or `UPN`) and `SID`, ignoring ASCII case; the empty string is `Auto`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let kind = match text.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => return Ok(IdentifierChoice::Auto),
            "primarysmtpaddress" => IdentifierKind::PrimarySmtpAddress,
            "smtpaddress" => IdentifierKind::SmtpAddress,
            "principalname" | "upn" | "userprincipalname" => IdentifierKind::PrincipalName,
            "sid" => IdentifierKind::Sid,
            _ => return Err(IdentityError::UnknownKind(text.to_string())),
        };
        Ok(IdentifierChoice::Kind(kind))
    }
}

/// Why an identifier was refused before any request was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityError {
    /// Empty or only white space.
    Empty,
    /// Longer than [`MAX_IDENTIFIER_CHARS`].
    TooLong(usize),
    /// Contains a character XML 1.0 cannot carry (control characters other
    /// than tab, CR, LF; U+FFFE; U+FFFF) or a line break.
    ForbiddenCharacter {
        /// 1-based character position in the trimmed value.
        position: usize,
    },
    /// An SMTP address or UPN without exactly one usable `@`.
    NotAnAddress,
    /// Not a SID of the form `S-1-<authority>-<sub>…`.
    NotASid,
    /// The identifier kind name is not known.
    UnknownKind(String),
}

impl fmt::Display for IdentityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentityError::Empty => write!(f, "the mailbox identifier is empty"),
            IdentityError::TooLong(n) => write!(
                f,
                "the mailbox identifier has {n} characters; at most {MAX_IDENTIFIER_CHARS} are accepted"
            ),
            IdentityError::ForbiddenCharacter { position } => write!(
                f,
                "the mailbox identifier contains a control character at position {position}"
            ),
            IdentityError::NotAnAddress => write!(
                f,
                "the mailbox identifier is not an address of the form name@domain"
            ),
            IdentityError::NotASid => write!(
                f,
                "the mailbox identifier is not a SID of the form S-1-5-21-..."
            ),
            IdentityError::UnknownKind(kind) => write!(
                f,
                "unknown identifier kind '{kind}'; use Auto, PrimarySmtpAddress, SmtpAddress, PrincipalName or SID"
            ),
        }
    }
}

impl std::error::Error for IdentityError {}

impl IdentityError {
    /// The 1-based character position the error points at, if any.
    pub fn position(&self) -> Option<usize> {
        match self {
            IdentityError::ForbiddenCharacter { position } => Some(*position),
            _ => None,
        }
    }
}

/// A validated mailbox identifier for the `ExchangeImpersonation` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpersonatedId {
    kind: IdentifierKind,
    value: String,
}

impl ImpersonatedId {
    /// Validates `value` (surrounding white space is removed) as the kind
    /// chosen. XML special characters are allowed: they are escaped when the
    /// request is written.
    pub fn new(value: &str, choice: IdentifierChoice) -> Result<Self, IdentityError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(IdentityError::Empty);
        }
        let chars = value.chars().count();
        if chars > MAX_IDENTIFIER_CHARS {
            return Err(IdentityError::TooLong(chars));
        }
        if let Some(index) = value.chars().position(is_forbidden) {
            return Err(IdentityError::ForbiddenCharacter {
                position: index + 1,
            });
        }
        let kind = match choice {
            IdentifierChoice::Kind(kind) => kind,
            IdentifierChoice::Auto if looks_like_sid(value) => IdentifierKind::Sid,
            IdentifierChoice::Auto => IdentifierKind::PrimarySmtpAddress,
        };
        match kind {
            IdentifierKind::Sid if !is_sid(value) => return Err(IdentityError::NotASid),
            IdentifierKind::Sid => {}
            _ if !is_address(value) => return Err(IdentityError::NotAnAddress),
            _ => {}
        }
        Ok(ImpersonatedId {
            kind,
            value: value.to_string(),
        })
    }

    /// The kind of identifier.
    pub fn kind(&self) -> IdentifierKind {
        self.kind
    }

    /// The identifier, trimmed, not escaped.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The value for the `X-AnchorMailbox` HTTP header: the address for SMTP
    /// and UPN identifiers; `None` for a SID, which the header cannot carry,
    /// and for an address with non-ASCII characters, which HTTP clients
    /// refuse to put in a header (the request is then sent without it).
    pub fn anchor_mailbox(&self) -> Option<&str> {
        match self.kind {
            IdentifierKind::Sid => None,
            _ if !self.value.is_ascii() => None,
            _ => Some(&self.value),
        }
    }
}

fn is_forbidden(c: char) -> bool {
    // Tab is legal XML but has no place in an address; CR/LF would also
    // break the X-AnchorMailbox HTTP header.
    c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' || c == '\u{2028}' || c == '\u{2029}'
}

fn looks_like_sid(value: &str) -> bool {
    value.len() > 4
        && value
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("S-1-"))
}

fn is_sid(value: &str) -> bool {
    if !looks_like_sid(value) {
        return false;
    }
    let parts: Vec<&str> = value[4..].split('-').collect();
    parts.len() >= 2
        && parts.len() <= 16
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 20 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_address(value: &str) -> bool {
    // The domain follows the last '@' (a quoted local part may contain '@').
    match value.rfind('@') {
        Some(at) => {
            let (local, domain) = (&value[..at], &value[at + 1..]);
            !local.is_empty()
                && !domain.is_empty()
                && !domain.chars().any(|c| c.is_whitespace() || c == '@')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(value: &str) -> Result<ImpersonatedId, IdentityError> {
        ImpersonatedId::new(value, IdentifierChoice::Auto)
    }

    #[test]
    fn auto_picks_smtp_for_addresses_and_sid_for_sids() {
        let smtp = auto("  alice@contoso.com ").unwrap();
        assert_eq!(smtp.kind(), IdentifierKind::PrimarySmtpAddress);
        assert_eq!(smtp.value(), "alice@contoso.com");
        assert_eq!(smtp.anchor_mailbox(), Some("alice@contoso.com"));

        let sid = auto("S-1-5-21-1004336348-1177238915-682003330-512").unwrap();
        assert_eq!(sid.kind(), IdentifierKind::Sid);
        assert_eq!(sid.anchor_mailbox(), None);
        assert_eq!(auto("s-1-5-18").unwrap().kind(), IdentifierKind::Sid);
    }

    #[test]
    fn explicit_kinds_are_kept() {
        let upn = ImpersonatedId::new(
            "alice@corp.contoso.com",
            IdentifierChoice::Kind(IdentifierKind::PrincipalName),
        )
        .unwrap();
        assert_eq!(upn.kind(), IdentifierKind::PrincipalName);
        assert_eq!(upn.kind().element_name(), "PrincipalName");
        assert_eq!(upn.anchor_mailbox(), Some("alice@corp.contoso.com"));
    }

    #[test]
    fn xml_special_characters_are_accepted() {
        let id = auto(r#""a&b<c>'d"@contoso.com"#).unwrap();
        assert_eq!(id.value(), r#""a&b<c>'d"@contoso.com"#);
        assert_eq!(id.anchor_mailbox(), Some(id.value()));
    }

    #[test]
    fn non_ascii_addresses_have_no_anchor_header() {
        let id = auto("jürgen@例え.jp").unwrap();
        assert_eq!(id.kind(), IdentifierKind::PrimarySmtpAddress);
        assert_eq!(id.value(), "jürgen@例え.jp");
        assert_eq!(id.anchor_mailbox(), None);
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        assert_eq!(auto("   "), Err(IdentityError::Empty));
        let long = format!("{}@contoso.com", "a".repeat(MAX_IDENTIFIER_CHARS));
        assert!(matches!(auto(&long), Err(IdentityError::TooLong(_))));
        let err = auto("ab\u{0}c@contoso.com").unwrap_err();
        assert_eq!(err.position(), Some(3));
        assert!(matches!(
            auto("alice@contoso.com\r\nX-Evil: 1"),
            Err(IdentityError::ForbiddenCharacter { position: 18 })
        ));
        assert!(auto("a\u{FFFF}@x.com").is_err());
        // A multi-byte start must not trip the SID prefix check.
        assert_eq!(auto("äöü").unwrap_err(), IdentityError::NotAnAddress);
    }

    #[test]
    fn refuses_non_addresses_and_bad_sids() {
        assert_eq!(auto("alice"), Err(IdentityError::NotAnAddress));
        assert_eq!(auto("alice@"), Err(IdentityError::NotAnAddress));
        assert_eq!(auto("@contoso.com"), Err(IdentityError::NotAnAddress));
        assert_eq!(auto("a@b c.com"), Err(IdentityError::NotAnAddress));
        assert_eq!(auto("S-1-5-x"), Err(IdentityError::NotASid));
        assert_eq!(auto("S-1-5--1"), Err(IdentityError::NotASid));
        assert_eq!(
            ImpersonatedId::new(
                "alice@contoso.com",
                IdentifierChoice::Kind(IdentifierKind::Sid)
            ),
            Err(IdentityError::NotASid)
        );
    }

    #[test]
    fn parses_kind_names() {
        assert_eq!("".parse(), Ok(IdentifierChoice::Auto));
        assert_eq!(
            "upn".parse(),
            Ok(IdentifierChoice::Kind(IdentifierKind::PrincipalName))
        );
        assert_eq!(
            "SID".parse(),
            Ok(IdentifierChoice::Kind(IdentifierKind::Sid))
        );
        assert_eq!(
            "primarySMTPaddress".parse(),
            Ok(IdentifierChoice::Kind(IdentifierKind::PrimarySmtpAddress))
        );
        assert!("Email".parse::<IdentifierChoice>().is_err());
    }
}
