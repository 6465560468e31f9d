//! Reads an EWS answer: the SOAP fault (HTTP 500) or the per-folder response
//! messages (HTTP 200), and the `ServerVersionInfo` header.
//!
//! Only identifiers are read for classification (`ResponseCode`, the local
//! part of `faultcode`, `ResponseClass`); the localized `faultstring` and
//! `MessageText` are kept for display only. Input is bounded, DOCTYPEs are
//! refused, entities other than the five predefined ones and character
//! references are refused, and nesting depth is bounded.

use std::fmt;

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, QName, ResolveResult};

use super::{MAX_RESPONSE_BYTES, NS_ERRORS, NS_MESSAGES, NS_SOAP, NS_SOAP12, NS_TYPES};

/// The deepest element nesting accepted; EWS GetFolder answers nest about 8.
pub const MAX_DEPTH: usize = 64;

/// A SOAP fault.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fault {
    /// `faultcode` when it names an EWS code (prefix bound to the EWS types,
    /// messages or errors namespace, or not bound at all): its local part.
    pub fault_code: Option<String>,
    /// `faultcode` as sent, e.g. `s:Client` or `a:ErrorImpersonateUserDenied`.
    pub fault_code_raw: Option<String>,
    /// `faultstring`: localized, for display only.
    pub fault_string: Option<String>,
    /// `detail/ResponseCode`.
    pub response_code: Option<String>,
    /// `detail/Message`: localized, for display only.
    pub message: Option<String>,
    /// `detail/MessageXml/Value` as (Name, text) pairs.
    pub values: Vec<(String, String)>,
}

impl Fault {
    /// The EWS code of the fault: `detail/ResponseCode`, else the EWS
    /// `faultcode`.
    pub fn code(&self) -> Option<&str> {
        self.response_code.as_deref().or(self.fault_code.as_deref())
    }
}

/// One `…ResponseMessage` element of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseMessage {
    /// `ResponseClass`: `Success`, `Warning` or `Error`.
    pub response_class: Option<String>,
    /// `ResponseCode`.
    pub response_code: Option<String>,
    /// `MessageText`: localized, for display only.
    pub message_text: Option<String>,
    /// `MessageXml/Value` as (Name, text) pairs.
    pub values: Vec<(String, String)>,
    /// Local name of the folder element returned, e.g. `CalendarFolder`.
    pub folder_element: Option<String>,
    /// Whether the folder came back with a `FolderId`.
    pub has_folder_id: bool,
}

/// The `ServerVersionInfo` header attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerVersionInfo {
    /// `MajorVersion`.
    pub major: Option<u32>,
    /// `MinorVersion`.
    pub minor: Option<u32>,
    /// `MajorBuildNumber`.
    pub major_build: Option<u32>,
    /// `MinorBuildNumber`.
    pub minor_build: Option<u32>,
    /// `Version`, e.g. `V2018_01_08`.
    pub version: Option<String>,
}

impl ServerVersionInfo {
    /// `major.minor.build.revision`, when all four numbers are present.
    pub fn build(&self) -> Option<String> {
        Some(format!(
            "{}.{}.{}.{}",
            self.major?, self.minor?, self.major_build?, self.minor_build?
        ))
    }
}

/// What a SOAP answer contained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SoapResponse {
    /// The fault, if the body held one.
    pub fault: Option<Fault>,
    /// The response messages, in document order.
    pub messages: Vec<ResponseMessage>,
    /// The server version header, if present.
    pub server_version: Option<ServerVersionInfo>,
}

/// Why a body could not be read as SOAP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Larger than [`MAX_RESPONSE_BYTES`].
    TooLarge(usize),
    /// Empty or only white space.
    Empty,
    /// Not UTF-8 (EWS always answers in UTF-8).
    NotUtf8,
    /// Not well-formed XML, or XML the reader refuses (DOCTYPE, unknown
    /// entity, nesting deeper than [`MAX_DEPTH`]).
    Malformed(String),
    /// Well-formed XML whose root is not a SOAP envelope.
    NotSoap,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::TooLarge(n) => write!(
                f,
                "the answer has {n} bytes; at most {MAX_RESPONSE_BYTES} are read"
            ),
            ParseError::Empty => write!(f, "the answer is empty"),
            ParseError::NotUtf8 => write!(f, "the answer is not UTF-8 text"),
            ParseError::Malformed(why) => write!(f, "the answer is not well-formed XML: {why}"),
            ParseError::NotSoap => write!(f, "the answer is XML but not a SOAP envelope"),
        }
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Soap,
    Types,
    Messages,
    Errors,
    None,
    Other,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(Namespace(ns)) => match *ns {
            NS_SOAP | NS_SOAP12 => Ns::Soap,
            NS_TYPES => Ns::Types,
            NS_MESSAGES => Ns::Messages,
            NS_ERRORS => Ns::Errors,
            _ => Ns::Other,
        },
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

/// Where in the document an element sits, as far as the reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Envelope,
    Header,
    Body,
    Fault,
    FaultCode,
    FaultString,
    Detail,
    /// Inside a response message (index into `messages`).
    Message(usize),
    /// A `Folders` element inside a response message.
    MessageFolders(usize),
    /// A folder element inside `Folders`.
    MessageFolder(usize),
    /// A `MessageXml` inside a message (`Some`) or inside the fault detail.
    MessageXml(Option<usize>),
    /// A `Value` inside `MessageXml`; its `Name` attribute is kept aside.
    Value(Option<usize>),
    /// A leaf whose text is wanted.
    Text(TextTarget),
    /// Anything else.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextTarget {
    MessageCode(usize),
    MessageText(usize),
    DetailCode,
    DetailMessage,
}

/// Parses a SOAP answer.
pub fn parse(body: &[u8]) -> Result<SoapResponse, ParseError> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(ParseError::TooLarge(body.len()));
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|_| ParseError::NotUtf8)?;
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    Parser::default().run(text)
}

#[derive(Default)]
struct Parser {
    out: SoapResponse,
    stack: Vec<Place>,
    text: String,
    value_name: Option<String>,
    root_seen: bool,
    not_soap: bool,
}

impl Parser {
    fn run(mut self, text: &str) -> Result<SoapResponse, ParseError> {
        let mut reader = NsReader::from_str(text);
        reader.config_mut().check_end_names = true;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| ParseError::Malformed(e.to_string()))?;
            match event {
                Event::Start(start) => {
                    let place = self.open(&reader, &start)?;
                    self.stack.push(place);
                    self.text.clear();
                }
                Event::Empty(start) => {
                    let place = self.open(&reader, &start)?;
                    self.stack.push(place);
                    self.text.clear();
                    self.close(&reader);
                }
                Event::End(_) => self.close(&reader),
                Event::Text(t) => self.push_text(&t.xml10_content())?,
                Event::CData(t) => self.push_text(&t.xml10_content())?,
                Event::GeneralRef(r) => {
                    let resolved = match r
                        .resolve_char_ref()
                        .map_err(|e| ParseError::Malformed(e.to_string()))?
                    {
                        Some(c) => c.to_string(),
                        None => resolve_predefined_entity(&r.xml10_content())
                            .ok_or_else(|| {
                                ParseError::Malformed(format!(
                                    "unknown entity &{};",
                                    r.xml10_content()
                                ))
                            })?
                            .to_string(),
                    };
                    self.push_text(&resolved)?;
                }
                Event::DocType(_) => {
                    return Err(ParseError::Malformed(
                        "a DOCTYPE is not allowed in a SOAP message".into(),
                    ));
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => break,
            }
        }
        if !self.stack.is_empty() {
            return Err(ParseError::Malformed(
                "the document ends inside an element".into(),
            ));
        }
        if !self.root_seen {
            return Err(ParseError::Malformed("the document has no element".into()));
        }
        if self.not_soap {
            return Err(ParseError::NotSoap);
        }
        Ok(self.out)
    }

    fn push_text(&mut self, text: &str) -> Result<(), ParseError> {
        if self.stack.is_empty() {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err(ParseError::Malformed(
                "text outside the root element".into(),
            ));
        }
        self.text.push_str(text);
        Ok(())
    }

    fn open(
        &mut self,
        reader: &NsReader<&[u8]>,
        start: &BytesStart<'_>,
    ) -> Result<Place, ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseError::Malformed(format!(
                "elements nest deeper than {MAX_DEPTH} levels"
            )));
        }
        let (resolved, local) = reader.resolver().resolve_element(start.name());
        let ns = ns_of(&resolved);
        let local = local.as_ref();
        let Some(&parent) = self.stack.last() else {
            return self.open_root(ns, local);
        };
        self.place_of(parent, ns, local, start)
    }

    /// The root element: a SOAP envelope, or anything else (not SOAP).
    fn open_root(&mut self, ns: Ns, local: &str) -> Result<Place, ParseError> {
        if self.root_seen {
            return Err(ParseError::Malformed("more than one root element".into()));
        }
        self.root_seen = true;
        if ns == Ns::Soap && local == "Envelope" {
            return Ok(Place::Envelope);
        }
        // Read on: a document that is not even well-formed is
        // reported as malformed, not as "not SOAP".
        self.not_soap = true;
        Ok(Place::Other)
    }

    /// Where an element lies, by its parent, namespace and name; records
    /// what the element's attributes say.
    fn place_of(
        &mut self,
        parent: Place,
        ns: Ns,
        local: &str,
        start: &BytesStart<'_>,
    ) -> Result<Place, ParseError> {
        let place = match (parent, ns, local) {
            (Place::Envelope, Ns::Soap, "Header") => Place::Header,
            (Place::Envelope, Ns::Soap, "Body") => Place::Body,
            (Place::Header, Ns::Types, "ServerVersionInfo") => {
                self.out.server_version = Some(server_version(start)?);
                Place::Other
            }
            (Place::Body, Ns::Soap, "Fault") => {
                self.out.fault.get_or_insert_with(Fault::default);
                Place::Fault
            }
            // SOAP 1.1 fault children are unqualified.
            (Place::Fault, Ns::None, "faultcode") => Place::FaultCode,
            (Place::Fault, Ns::None, "faultstring") => Place::FaultString,
            (Place::Fault, Ns::None, "detail") => Place::Detail,
            (Place::Detail, _, "ResponseCode") => Place::Text(TextTarget::DetailCode),
            (Place::Detail, _, "Message") => Place::Text(TextTarget::DetailMessage),
            (Place::Detail, Ns::Types, "MessageXml") => Place::MessageXml(None),
            (_, Ns::Messages, name)
                if name.ends_with("ResponseMessage") && !in_message(&self.stack) =>
            {
                let class = attribute(start, "ResponseClass")?;
                self.out.messages.push(ResponseMessage {
                    response_class: class,
                    ..ResponseMessage::default()
                });
                Place::Message(self.out.messages.len() - 1)
            }
            (Place::Message(i), Ns::Messages, "ResponseCode") => {
                Place::Text(TextTarget::MessageCode(i))
            }
            (Place::Message(i), Ns::Messages, "MessageText") => {
                Place::Text(TextTarget::MessageText(i))
            }
            (Place::Message(i), Ns::Messages, "MessageXml") => Place::MessageXml(Some(i)),
            (Place::Message(i), Ns::Messages, "Folders") => Place::MessageFolders(i),
            (Place::MessageFolders(i), Ns::Types, name) => {
                self.out.messages[i].folder_element = Some(name.to_string());
                Place::MessageFolder(i)
            }
            (Place::MessageFolder(i), Ns::Types, "FolderId") => {
                if attribute(start, "Id")?.is_some_and(|id| !id.is_empty()) {
                    self.out.messages[i].has_folder_id = true;
                }
                Place::Other
            }
            (Place::MessageXml(owner), _, "Value") => {
                self.value_name = attribute(start, "Name")?;
                Place::Value(owner)
            }
            _ => Place::Other,
        };
        Ok(place)
    }

    fn close(&mut self, reader: &NsReader<&[u8]>) {
        let Some(place) = self.stack.pop() else {
            return;
        };
        let text = std::mem::take(&mut self.text);
        let trimmed = text.trim();
        match place {
            Place::FaultCode => {
                let fault = self.out.fault.get_or_insert_with(Fault::default);
                fault.fault_code_raw = Some(trimmed.to_string());
                fault.fault_code = ews_fault_code(reader, trimmed);
            }
            Place::FaultString => {
                self.out
                    .fault
                    .get_or_insert_with(Fault::default)
                    .fault_string = Some(trimmed.to_string());
            }
            Place::Text(target) => match target {
                TextTarget::MessageCode(i) => {
                    self.out.messages[i].response_code = Some(trimmed.to_string())
                }
                TextTarget::MessageText(i) => {
                    self.out.messages[i].message_text = Some(trimmed.to_string())
                }
                TextTarget::DetailCode => {
                    self.out
                        .fault
                        .get_or_insert_with(Fault::default)
                        .response_code = Some(trimmed.to_string())
                }
                TextTarget::DetailMessage => {
                    self.out.fault.get_or_insert_with(Fault::default).message =
                        Some(trimmed.to_string())
                }
            },
            Place::Value(owner) => {
                if let Some(name) = self.value_name.take() {
                    let pair = (name, trimmed.to_string());
                    match owner {
                        Some(i) => self.out.messages[i].values.push(pair),
                        None => self
                            .out
                            .fault
                            .get_or_insert_with(Fault::default)
                            .values
                            .push(pair),
                    }
                }
            }
            _ => {}
        }
    }
}

fn in_message(stack: &[Place]) -> bool {
    stack.iter().any(|p| {
        matches!(
            p,
            Place::Message(_) | Place::MessageFolders(_) | Place::MessageFolder(_)
        )
    })
}

/// The local part of a `faultcode` QName when it is an EWS code rather than
/// a SOAP one (`Client`, `Server`, …).
fn ews_fault_code(reader: &NsReader<&[u8]>, qname: &str) -> Option<String> {
    if qname.is_empty() {
        return None;
    }
    let (resolved, local) = reader.resolver().resolve_element(QName(qname));
    let local = local.as_ref();
    if local.is_empty() {
        return None;
    }
    match ns_of(&resolved) {
        Ns::Soap => None,
        Ns::Types | Ns::Messages | Ns::Errors => Some(local.to_string()),
        // An unbound or unknown prefix: trust it only if it looks like an
        // EWS code.
        Ns::None | Ns::Other => {
            (local == "NoError" || local.starts_with("Error")).then(|| local.to_string())
        }
    }
}

fn attribute(start: &BytesStart<'_>, name: &str) -> Result<Option<String>, ParseError> {
    for attr in start.attributes() {
        let attr = attr.map_err(|e| ParseError::Malformed(e.to_string()))?;
        if attr.key.as_ref() == name {
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| ParseError::Malformed(e.to_string()))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

fn server_version(start: &BytesStart<'_>) -> Result<ServerVersionInfo, ParseError> {
    let number = |name| -> Result<Option<u32>, ParseError> {
        Ok(attribute(start, name)?.and_then(|v| v.trim().parse().ok()))
    };
    Ok(ServerVersionInfo {
        major: number("MajorVersion")?,
        minor: number("MinorVersion")?,
        major_build: number("MajorBuildNumber")?,
        minor_build: number("MinorBuildNumber")?,
        version: attribute(start, "Version")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAULT: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
  <s:Body>
    <s:Fault>
      <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorImpersonateUserDenied</faultcode>
      <faultstring xml:lang="de-DE">Das Konto verfügt nicht über die Berechtigung.</faultstring>
      <detail>
        <e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorImpersonateUserDenied</e:ResponseCode>
        <e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">Das Konto &amp; so</e:Message>
      </detail>
    </s:Fault>
  </s:Body>
</s:Envelope>"#;

    const SUCCESS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
  <s:Header>
    <h:ServerVersionInfo MajorVersion="15" MinorVersion="2" MajorBuildNumber="1544" MinorBuildNumber="4" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" xmlns="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
  </s:Header>
  <s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
      <m:ResponseMessages>
        <m:GetFolderResponseMessage ResponseClass="Success">
          <m:ResponseCode>NoError</m:ResponseCode>
          <m:Folders>
            <t:CalendarFolder><t:FolderId Id="AAMkAD" ChangeKey="AgAAAB"/></t:CalendarFolder>
          </m:Folders>
        </m:GetFolderResponseMessage>
        <m:GetFolderResponseMessage ResponseClass="Error">
          <m:MessageText>Der Ordner wurde nicht gefunden.</m:MessageText>
          <m:ResponseCode>ErrorFolderNotFound</m:ResponseCode>
          <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
          <m:MessageXml><t:Value Name="Reason">x</t:Value></m:MessageXml>
          <m:Folders/>
        </m:GetFolderResponseMessage>
      </m:ResponseMessages>
    </m:GetFolderResponse>
  </s:Body>
</s:Envelope>"#;

    #[test]
    fn reads_a_fault_by_code_not_text() {
        let r = parse(FAULT.as_bytes()).unwrap();
        let fault = r.fault.unwrap();
        assert_eq!(fault.code(), Some("ErrorImpersonateUserDenied"));
        assert_eq!(
            fault.fault_code.as_deref(),
            Some("ErrorImpersonateUserDenied")
        );
        assert_eq!(fault.message.as_deref(), Some("Das Konto & so"));
        assert!(r.messages.is_empty());
    }

    #[test]
    fn reads_messages_folders_and_version() {
        let r = parse(SUCCESS.as_bytes()).unwrap();
        assert!(r.fault.is_none());
        assert_eq!(r.messages.len(), 2);
        assert_eq!(r.messages[0].response_class.as_deref(), Some("Success"));
        assert_eq!(r.messages[0].response_code.as_deref(), Some("NoError"));
        assert_eq!(
            r.messages[0].folder_element.as_deref(),
            Some("CalendarFolder")
        );
        assert!(r.messages[0].has_folder_id);
        assert_eq!(
            r.messages[1].response_code.as_deref(),
            Some("ErrorFolderNotFound")
        );
        assert_eq!(r.messages[1].response_class.as_deref(), Some("Error"));
        assert_eq!(
            r.messages[1].values,
            [("Reason".to_string(), "x".to_string())]
        );
        assert!(!r.messages[1].has_folder_id);
        let v = r.server_version.unwrap();
        assert_eq!(v.build().as_deref(), Some("15.2.1544.4"));
        assert_eq!(v.version.as_deref(), Some("V2017_07_11"));
    }

    #[test]
    fn fault_code_alone_counts_and_soap_codes_do_not() {
        let only_code = FAULT.replace(
            "<e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">ErrorImpersonateUserDenied</e:ResponseCode>",
            "",
        );
        let r = parse(only_code.as_bytes()).unwrap();
        assert_eq!(r.fault.unwrap().code(), Some("ErrorImpersonateUserDenied"));

        let soap_client = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
            <faultcode>s:Client</faultcode><faultstring>Bad</faultstring></s:Fault></s:Body></s:Envelope>"#;
        let fault = parse(soap_client.as_bytes()).unwrap().fault.unwrap();
        assert_eq!(fault.code(), None);
        assert_eq!(fault.fault_code_raw.as_deref(), Some("s:Client"));

        let with_detail = soap_client.replace(
            "<faultstring>Bad</faultstring>",
            "<faultstring>Bad</faultstring><detail><e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">ErrorSchemaValidation</e:ResponseCode></detail>",
        );
        let fault = parse(with_detail.as_bytes()).unwrap().fault.unwrap();
        assert_eq!(fault.code(), Some("ErrorSchemaValidation"));
    }

    #[test]
    fn reads_back_off_from_fault_detail() {
        let busy = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
          <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode>
          <faultstring>The server cannot service this request right now.</faultstring>
          <detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>
          <t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">297749</t:Value></t:MessageXml>
          </detail></s:Fault></s:Body></s:Envelope>"#;
        let fault = parse(busy.as_bytes()).unwrap().fault.unwrap();
        assert_eq!(
            fault.values,
            [("BackOffMilliseconds".to_string(), "297749".to_string())]
        );
    }

    #[test]
    fn refuses_malformed_and_hostile_input() {
        let cases: &[&[u8]] = &[
            b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>",
            b"<a><b></a></b>",
            b"<html><body>Login</body>",
            b"not xml at all <",
            b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>",
            b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">&bogus;</s:Envelope>",
            b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/><second/>",
            b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>trailing",
        ];
        for case in cases {
            let err = parse(case).unwrap_err();
            assert!(
                matches!(err, ParseError::Malformed(_)),
                "{} gave {err:?}",
                String::from_utf8_lossy(case)
            );
        }
        assert_eq!(parse(b"").unwrap_err(), ParseError::Empty);
        assert_eq!(parse(b" \r\n ").unwrap_err(), ParseError::Empty);
        assert_eq!(parse(b"\xff\xfe<\x00").unwrap_err(), ParseError::NotUtf8);
        assert_eq!(
            parse(b"<html><body>Login</body></html>").unwrap_err(),
            ParseError::NotSoap
        );
        assert_eq!(
            parse(b"<Envelope><Body/></Envelope>").unwrap_err(),
            ParseError::NotSoap,
            "an Envelope outside the SOAP namespace is not SOAP"
        );
    }

    #[test]
    fn bounds_size_and_depth() {
        let big = vec![b' '; MAX_RESPONSE_BYTES + 1];
        assert_eq!(
            parse(&big).unwrap_err(),
            ParseError::TooLarge(MAX_RESPONSE_BYTES + 1)
        );
        let deep = format!(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">{}{}</s:Envelope>",
            "<x>".repeat(MAX_DEPTH + 1),
            "</x>".repeat(MAX_DEPTH + 1)
        );
        assert!(matches!(
            parse(deep.as_bytes()).unwrap_err(),
            ParseError::Malformed(m) if m.contains("deeper")
        ));
        let ok_depth = format!(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">{}{}</s:Envelope>",
            "<x>".repeat(MAX_DEPTH - 2),
            "</x>".repeat(MAX_DEPTH - 2)
        );
        assert!(parse(ok_depth.as_bytes()).is_ok());
    }

    #[test]
    fn accepts_a_byte_order_mark() {
        let mut body = b"\xEF\xBB\xBF".to_vec();
        body.extend_from_slice(FAULT.as_bytes());
        assert!(parse(&body).unwrap().fault.is_some());
    }

    #[test]
    fn nested_response_message_names_do_not_start_new_messages() {
        let xml = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
          <m:GetFolderResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseMessages>
          <m:GetFolderResponseMessage ResponseClass="Error"><m:ResponseCode>ErrorAccessDenied</m:ResponseCode>
            <m:MessageXml><m:InnerResponseMessage/></m:MessageXml>
          </m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse></s:Body></s:Envelope>"#;
        let r = parse(xml.as_bytes()).unwrap();
        assert_eq!(r.messages.len(), 1);
        assert_eq!(
            r.messages[0].response_code.as_deref(),
            Some("ErrorAccessDenied")
        );
    }
}
