//! Writes the probe request: a `GetFolder` for the impersonated user's
//! Calendar and Contacts folders, with the `ExchangeImpersonation` header.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::identity::ImpersonatedId;
use super::version::ServerVersion;
use super::{NS_MESSAGES, NS_SOAP, NS_TYPES};

/// The distinguished folders the probe opens: Lightning Sync syncs events and
/// contacts, so both must be reachable.
pub const PROBED_FOLDERS: [&str; 2] = ["calendar", "contacts"];

/// Writes the SOAP request text (UTF-8, with an XML declaration). Every value
/// is escaped by the XML writer.
pub fn get_folder_request(target: &ImpersonatedId, version: ServerVersion) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_request(&mut writer, target, version).expect("writing XML into a Vec<u8> cannot fail");
    let mut text = String::from_utf8(writer.into_inner())
        .expect("the XML writer only writes the UTF-8 strings it is given");
    text.push('\n');
    text
}

type Xml = Writer<Vec<u8>>;

fn write_request(
    writer: &mut Xml,
    target: &ImpersonatedId,
    version: ServerVersion,
) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    writer
        .create_element("soap:Envelope")
        .with_attribute(("xmlns:soap", NS_SOAP))
        .with_attribute(("xmlns:t", NS_TYPES))
        .with_attribute(("xmlns:m", NS_MESSAGES))
        .write_inner_content(|w| {
            element(w, "soap:Header", |w| write_header(w, target, version))?;
            element(w, "soap:Body", write_body)
        })?;
    Ok(())
}

/// Writes `<name>` holding what `inner` writes.
fn element(
    w: &mut Xml,
    name: &str,
    inner: impl FnOnce(&mut Xml) -> std::io::Result<()>,
) -> std::io::Result<()> {
    w.create_element(name).write_inner_content(inner)?;
    Ok(())
}

/// The server version and the impersonated user.
fn write_header(
    w: &mut Xml,
    target: &ImpersonatedId,
    version: ServerVersion,
) -> std::io::Result<()> {
    w.create_element("t:RequestServerVersion")
        .with_attribute(("Version", version.as_str()))
        .write_empty()?;
    element(w, "t:ExchangeImpersonation", |w| {
        element(w, "t:ConnectingSID", |w| {
            let name = format!("t:{}", target.kind().element_name());
            w.create_element(name.as_str())
                .write_text_content(BytesText::new(target.value()))?;
            Ok(())
        })
    })
}

/// `GetFolder` of the probed folders, ids only.
fn write_body(w: &mut Xml) -> std::io::Result<()> {
    element(w, "m:GetFolder", |w| {
        element(w, "m:FolderShape", |w| {
            w.create_element("t:BaseShape")
                .write_text_content(BytesText::new("IdOnly"))?;
            Ok(())
        })?;
        element(w, "m:FolderIds", |w| {
            for folder in PROBED_FOLDERS {
                w.create_element("t:DistinguishedFolderId")
                    .with_attribute(("Id", folder))
                    .write_empty()?;
            }
            Ok(())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ews::identity::{IdentifierChoice, IdentifierKind};
    use quick_xml::events::Event;
    use quick_xml::name::{Namespace, ResolveResult};
    use quick_xml::reader::NsReader;

    /// (namespace, local name, text) of one element.
    type ElementText = (String, String, String);

    /// Reads the request back with a namespace-aware parser and returns
    /// (namespace, local name, text) for every element that has text, plus
    /// every attribute as (local name, value).
    fn read_back(xml: &str) -> (Vec<ElementText>, Vec<(String, String)>) {
        let mut reader = NsReader::from_str(xml);
        let mut texts = Vec::new();
        let mut attrs = Vec::new();
        let mut current: Option<(String, String)> = None;
        let mut text = String::new();
        loop {
            match reader.read_resolved_event().expect("well-formed") {
                (ns, Event::Start(e)) | (ns, Event::Empty(e)) => {
                    let ns = match ns {
                        ResolveResult::Bound(Namespace(n)) => n.to_string(),
                        other => panic!("unbound element {other:?}"),
                    };
                    for a in e.attributes() {
                        let a = a.unwrap();
                        attrs.push((
                            a.key.local_name().as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        ));
                    }
                    current = Some((ns, e.local_name().as_ref().to_string()));
                    text.clear();
                }
                (_, Event::Text(t)) => text.push_str(&t.xml10_content()),
                (_, Event::GeneralRef(r)) => {
                    let s = if let Some(c) = r.resolve_char_ref().unwrap() {
                        c.to_string()
                    } else {
                        quick_xml::escape::resolve_predefined_entity(&r.into_inner())
                            .unwrap()
                            .to_string()
                    };
                    text.push_str(&s);
                }
                (_, Event::End(_)) => {
                    if let Some((ns, name)) = current.take() {
                        texts.push((ns, name, std::mem::take(&mut text)));
                    }
                }
                (_, Event::Eof) => break,
                _ => {}
            }
        }
        (texts, attrs)
    }

    fn request_for(value: &str, choice: IdentifierChoice) -> String {
        let id = ImpersonatedId::new(value, choice).unwrap();
        get_folder_request(&id, ServerVersion::default())
    }

    #[test]
    fn names_the_mailbox_in_the_impersonation_header() {
        let xml = request_for("alice@contoso.com", IdentifierChoice::Auto);
        let (texts, attrs) = read_back(&xml);
        assert!(texts.contains(&(
            NS_TYPES.to_string(),
            "PrimarySmtpAddress".to_string(),
            "alice@contoso.com".to_string()
        )));
        assert!(attrs.contains(&("Version".to_string(), "Exchange2013_SP1".to_string())));
        let ids: Vec<_> = attrs.iter().filter(|(k, _)| k == "Id").collect();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0].1, "calendar");
        assert_eq!(ids[1].1, "contacts");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        assert!(
            xml.contains("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"")
        );
        assert!(xml.contains("<t:ExchangeImpersonation>"));
        assert!(
            !xml.contains("Mailbox>"),
            "no delegate-access Mailbox element"
        );
    }

    #[test]
    fn uses_the_element_of_each_identifier_kind() {
        for (kind, element) in [
            (IdentifierKind::PrimarySmtpAddress, "PrimarySmtpAddress"),
            (IdentifierKind::SmtpAddress, "SmtpAddress"),
            (IdentifierKind::PrincipalName, "PrincipalName"),
        ] {
            let xml = request_for("bob@contoso.com", IdentifierChoice::Kind(kind));
            let (texts, _) = read_back(&xml);
            let found: Vec<_> = texts
                .iter()
                .filter(|(_, _, t)| t == "bob@contoso.com")
                .map(|(_, n, _)| n.as_str())
                .collect();
            assert_eq!(found, [element]);
        }
        let xml = request_for("S-1-5-21-1-2-3-1104", IdentifierChoice::Auto);
        assert!(xml.contains("<t:SID>S-1-5-21-1-2-3-1104</t:SID>"));
    }

    #[test]
    fn hostile_addresses_are_escaped_and_round_trip() {
        let hostile = [
            r#""</t:PrimarySmtpAddress><t:SID>S-1-5-18</t:SID>"@contoso.com"#,
            r#"a&amp;b@contoso.com"#,
            r#""<![CDATA[x]]>"@contoso.com"#,
            r#""a'b\"c>"@contoso.com"#,
            r#""<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;"@x.com"#,
            "\"ä€𝄞\"@例え.jp",
        ];
        for value in hostile {
            let xml = request_for(value, IdentifierChoice::Auto);
            let (texts, _) = read_back(&xml);
            let smtp: Vec<_> = texts
                .iter()
                .filter(|(_, n, _)| n == "PrimarySmtpAddress")
                .map(|(_, _, t)| t.as_str())
                .collect();
            assert_eq!(smtp, [value], "request was {xml}");
            assert!(!texts.iter().any(|(_, n, _)| n == "SID"), "{xml}");
            assert!(!xml.contains("<!DOCTYPE"), "{xml}");
            assert!(!xml.contains("<![CDATA["), "{xml}");
        }
    }

    #[test]
    fn writes_the_requested_version() {
        let id = ImpersonatedId::new("a@b.c", IdentifierChoice::Auto).unwrap();
        for v in ServerVersion::ALL {
            let xml = get_folder_request(&id, v);
            assert!(
                xml.contains(&format!(
                    "<t:RequestServerVersion Version=\"{}\"/>",
                    v.as_str()
                )),
                "{xml}"
            );
        }
    }
}
