//! Reduces a CLIXML value to the texts a filter compares (docs/clixml.md#values-a-filter-compares):
//! primitives become their invariant text, `<Nil/>` no value, an enum object
//! its name (`<ToString>`), a multi-valued property the list of its items, any
//! other object its `<ToString>` (or its `Name`/`DistinguishedName`).

use crate::clixml::{Body, Object, Value};

/// What a property holds once reduced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reduced {
    /// `$null` (or an empty list).
    Null,
    /// One value.
    One(String),
    /// A multi-valued property's items.
    Many(Vec<String>),
    /// Nothing a filter can use (a skipped blob); treat as absent.
    Unusable,
}

/// Nesting guard for objects wrapping objects (cycles are weak links, but a
/// hostile chain of wrappers must still end).
const MAX_WRAP: usize = 16;

/// Reduces one property value.
pub fn reduce(value: &Value) -> Reduced {
    reduce_at(value, 0)
}

/// Reduces one property value it may take apart (texts are moved, not
/// copied).
pub fn reduce_owned(value: Value) -> Reduced {
    match value.into_text() {
        Ok(text) => Reduced::One(text.into()),
        Err(other) => reduce(&other),
    }
}

fn reduce_at(value: &Value, depth: usize) -> Reduced {
    match value {
        Value::Null => Reduced::Null,
        Value::Skipped(_) => Reduced::Unusable,
        Value::Object(o) => match o.get() {
            Some(obj) if depth < MAX_WRAP => reduce_object(&obj, depth),
            _ => Reduced::Unusable,
        },
        scalar => scalar_text(scalar).map_or(Reduced::Unusable, Reduced::One),
    }
}

fn reduce_object(obj: &Object, depth: usize) -> Reduced {
    match &obj.body {
        Some(Body::List(_, items)) => {
            let texts: Vec<String> = items
                .iter()
                .filter_map(|i| item_text(i, depth + 1))
                .collect();
            if texts.is_empty() {
                Reduced::Null
            } else {
                Reduced::Many(texts)
            }
        }
        Some(Body::Primitive(p)) => match &obj.to_string {
            // Enums: the member name is what `-eq 'UserMailbox'` compares.
            Some(s) => Reduced::One(s.to_string()),
            None => reduce_at(p, depth + 1),
        },
        Some(Body::Object(inner)) => match &obj.to_string {
            Some(s) => Reduced::One(s.to_string()),
            None => reduce_at(&Value::Object(inner.clone()), depth + 1),
        },
        Some(Body::Dictionary(_)) | None => match object_text(obj) {
            Some(s) => Reduced::One(s),
            None => Reduced::Unusable,
        },
    }
}

/// The single text of a list item (objects by their string form).
fn item_text(item: &Value, depth: usize) -> Option<String> {
    match reduce_at(item, depth) {
        Reduced::One(s) => Some(s),
        _ => None,
    }
}

/// The string form of an object: `<ToString>`, else `Name`, else
/// `DistinguishedName`.
pub fn object_text(obj: &Object) -> Option<String> {
    if let Some(s) = &obj.to_string {
        return Some(s.to_string());
    }
    ["Name", "DistinguishedName"]
        .iter()
        .find_map(|n| obj.get(n).and_then(scalar_text))
}

/// The invariant text of a primitive value, as Exchange would print it.
pub fn scalar_text(value: &Value) -> Option<String> {
    if let Some(text) = value.as_str() {
        return Some(text.to_owned());
    }
    Some(match value {
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Char(c) => char::from_u32(u32::from(*c))
            .unwrap_or(char::REPLACEMENT_CHARACTER)
            .to_string(),
        Value::Single(f) => float_text(f64::from(*f)),
        Value::Double(f) => float_text(*f),
        Value::Guid(g) => g.to_string(),
        v => v.as_i128()?.to_string(),
    })
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 {
            "Infinity".to_owned()
        } else {
            "-Infinity".to_owned()
        }
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clixml::Reader;

    fn values(body: &str) -> Vec<Value> {
        let xml = format!(
            r#"<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">{body}</Objs>"#
        );
        Reader::new(xml.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn primitives_reduce_to_exchange_text() {
        let v = values(
            r#"<S>Sales</S><Nil /><B>true</B><I64>5</I64><G>6D0B5A4E-1F2A-4C3B-9D8E-7F6A5B4C3D2E</G><BA>AAAA</BA>"#,
        );
        assert_eq!(reduce(&v[0]), Reduced::One("Sales".into()));
        assert_eq!(reduce(&v[1]), Reduced::Null);
        assert_eq!(reduce(&v[2]), Reduced::One("True".into()));
        assert_eq!(reduce(&v[3]), Reduced::One("5".into()));
        assert_eq!(
            reduce(&v[4]),
            Reduced::One("6d0b5a4e-1f2a-4c3b-9d8e-7f6a5b4c3d2e".into())
        );
        assert_eq!(reduce(&v[5]), Reduced::Unusable);
    }

    #[test]
    fn objects_reduce_by_shape() {
        let v = values(
            r#"<Obj RefId="0"><ToString>UserMailbox</ToString><I64>1</I64></Obj>
               <Obj RefId="1"><LST><S>SMTP:a@x</S><Obj RefId="2"><ToString>smtp:b@x</ToString><Props><S N="SmtpAddress">b@x</S></Props></Obj></LST></Obj>
               <Obj RefId="3"><LST /></Obj>
               <Obj RefId="4"><Props><S N="DistinguishedName">CN=a</S></Props></Obj>
               <Obj RefId="5"><Props><I32 N="Depth">3</I32></Props></Obj>"#,
        );
        assert_eq!(reduce(&v[0]), Reduced::One("UserMailbox".into()));
        assert_eq!(
            reduce(&v[1]),
            Reduced::Many(vec!["SMTP:a@x".into(), "smtp:b@x".into()])
        );
        assert_eq!(reduce(&v[2]), Reduced::Null);
        assert_eq!(reduce(&v[3]), Reduced::One("CN=a".into()));
        assert_eq!(reduce(&v[4]), Reduced::Unusable);
    }
}
