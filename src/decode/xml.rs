//! XML error bodies, streamed with quick-xml.
//!
//! Elements are matched by local name whatever their namespace prefix. No
//! entity is ever expanded: the DTD is skipped as an opaque event, character
//! references and the five predefined entities are resolved, and any other
//! reference is kept as written (`&lol9;`), so billion-laughs documents and
//! `SYSTEM` entities cost nothing. Nesting is only counted (names are kept for
//! the first [`MAX_PATH`] levels), so a million `<a>` costs no stack.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{BodyFormat, BodyHints, Detail, ErrorBody, message, problem_at, strict_hresult};
use crate::catalog::Service;

/// Element names kept for paths and messages; deeper levels are only counted.
const MAX_PATH: usize = 16;
/// How deep below the error element (or the root) leaves are read.
const MAX_FIELD_DEPTH: usize = 4;

#[derive(Default)]
struct State {
    depth: usize,
    /// Local names of the open elements, first [`MAX_PATH`] levels.
    path: Vec<String>,
    root: Option<String>,
    root_ns: Option<String>,
    /// Depth and namespace of the element holding the error (`Error`, `error`).
    container: Option<(usize, String, Option<String>)>,
    /// Whether the innermost open element has had no child yet.
    leaf_open: bool,
    text: String,
    code: Option<String>,
    message: Option<String>,
    /// `Detail`, `Description` or `Reason`: the message when there is no `Message`.
    second_message: Option<String>,
    details: Vec<Detail>,
    hresults: Vec<(String, u32)>,
    /// Children of the error element other than code and message.
    other_children: bool,
    charset: Option<String>,
}

/// Decodes an XML body. `bom` says whether a UTF-8 BOM preceded it.
pub(super) fn decode(text: &str, hints: &BodyHints<'_>, bom: bool) -> ErrorBody {
    let mut reader = Reader::from_str(text);
    {
        let config = reader.config_mut();
        // `AT&T` in a message is common in the wild; an `&` alone is text.
        config.allow_dangling_amp = true;
        config.check_end_names = true;
    }
    let mut st = State::default();
    let mut problem = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => st.start(&e),
            Ok(Event::Empty(e)) => {
                st.start(&e);
                st.end();
            }
            Ok(Event::End(_)) => st.end(),
            Ok(Event::Text(t)) => st.text.push_str(&t.xml10_content()),
            Ok(Event::CData(c)) => st.text.push_str(&c.xml10_content()),
            Ok(Event::GeneralRef(r)) => push_reference(&mut st.text, &r),
            Ok(Event::Decl(d)) => {
                if let Some(Ok(enc)) = d.encoding() {
                    st.charset = Some(enc.to_ascii_lowercase());
                }
            }
            // The DTD is never read: no entity it declares is expanded.
            Ok(Event::DocType(_) | Event::Comment(_) | Event::PI(_)) => {}
            Ok(Event::Eof) => {
                if st.depth > 0 {
                    let open = st
                        .path
                        .get(st.depth.min(MAX_PATH) - 1)
                        .cloned()
                        .unwrap_or_default();
                    problem = Some(problem_at(
                        text,
                        text.len(),
                        format!(
                            "unexpected end of input: <{open}> is not closed; the XML looks truncated"
                        ),
                    ));
                }
                break;
            }
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(text.len());
                problem = Some(problem_at(text, at, format!("malformed XML: {e}")));
                break;
            }
        }
    }
    let mut body = st.finish(hints, bom);
    body.problems.extend(problem);
    body
}

/// Appends a reference: character references and the predefined entities
/// resolved, any other entity kept as written (never expanded).
fn push_reference(out: &mut String, r: &BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let name = r.xml10_content();
    match name.as_ref() {
        "lt" => out.push('<'),
        "gt" => out.push('>'),
        "amp" => out.push('&'),
        "apos" => out.push('\''),
        "quot" => out.push('"'),
        other => {
            out.push('&');
            out.push_str(other);
            out.push(';');
        }
    }
}

fn is_error_name(local: &str) -> bool {
    local.eq_ignore_ascii_case("error")
}

impl State {
    fn start(&mut self, e: &BytesStart<'_>) {
        self.depth += 1;
        self.leaf_open = true;
        self.text.clear();
        let local = e.local_name();
        let local: &str = local.as_ref();
        if self.depth <= MAX_PATH {
            self.path.push(local.to_string());
        }
        let is_root = self.root.is_none();
        let is_container = self.container.is_none() && self.depth <= 3 && is_error_name(local);
        if !(is_root || is_container) {
            return;
        }
        let name = e.name();
        let prefix = name.as_ref().split_once(':').map(|(p, _)| p);
        let mut ns = None;
        let mut attrs = Vec::new();
        for a in e.attributes().with_checks(false).flatten() {
            let key: &str = a.key.as_ref();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            match (key.split_once(':'), prefix) {
                (None, None) if key == "xmlns" => ns = Some(value),
                (Some(("xmlns", p)), Some(want)) if p == want => ns = Some(value),
                (Some(("xmlns" | "xsi" | "xml", _)), _) => {}
                _ if is_container => attrs.push((a.key.local_name().as_ref().to_string(), value)),
                _ => {}
            }
        }
        if is_root {
            self.root = Some(local.to_string());
            self.root_ns = ns.clone();
        }
        if is_container {
            self.container = Some((self.depth, local.to_string(), ns));
            // Errors written as attributes (`<Error Code=".." Message=".."/>`).
            for (k, v) in attrs {
                self.field(&k, v, None);
            }
        }
    }

    fn end(&mut self) {
        if self.leaf_open {
            self.leaf_open = false;
            self.leaf();
        }
        self.text.clear();
        if self.depth <= MAX_PATH {
            self.path.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// An element with only text inside has ended at `self.depth`.
    fn leaf(&mut self) {
        let value = self.text.trim();
        if value.is_empty() || self.depth > MAX_PATH {
            return;
        }
        let value = value.to_string();
        let name = self.path.last().cloned().unwrap_or_default();
        let base = self.container.as_ref().map_or(1, |c| c.0);
        if self.depth == 1 {
            // A root with only text (`<string>..</string>`) is the message.
            if self.message.is_none() {
                self.message = Some(value);
            }
            return;
        }
        if self.depth <= base || self.depth > base + MAX_FIELD_DEPTH {
            return;
        }
        let parent = (self.depth >= base + 2).then(|| self.path[self.depth - 2].clone());
        self.field(&name, value, parent.as_deref());
    }

    /// A named value inside the error (a child element or an attribute).
    fn field(&mut self, name: &str, value: String, parent: Option<&str>) {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if parent.is_none() {
            if (is("code") || is("errorcode")) && self.code.is_none() {
                self.code = Some(value);
                return;
            }
            if (is("message") || is("errormessage")) && self.message.is_none() {
                self.message = Some(value);
                return;
            }
            self.other_children = true;
            if (is("detail") || is("description") || is("reason")) && self.second_message.is_none()
            {
                self.second_message = Some(value);
                return;
            }
        }
        let key = match parent {
            Some(p) => format!("{p}.{name}"),
            None => name.to_string(),
        };
        if let Some(h) = strict_hresult(&value) {
            self.hresults.push((key.clone(), h));
        }
        self.details.push(Detail {
            key: key.into(),
            value,
        });
    }

    fn finish(self, hints: &BodyHints<'_>, bom: bool) -> ErrorBody {
        let root = self.root.as_deref().unwrap_or("");
        let (container_name, container_ns) = match &self.container {
            Some((_, name, ns)) => (name.as_str(), ns.as_deref().or(self.root_ns.as_deref())),
            None => ("", self.root_ns.as_deref()),
        };
        let ns = container_ns.unwrap_or("");
        let message_text = self
            .message
            .as_deref()
            .or(self.second_message.as_deref())
            .unwrap_or("");
        let storage_lines = message::Marks::scan(message_text).request_id_line();
        let mut service = None;
        let format = if root.eq_ignore_ascii_case("SmoothStreaming") || ns.contains("/iis/media/") {
            service = Some(Service::IisMedia);
            BodyFormat::IisMediaXml
        } else if container_name.is_empty() {
            BodyFormat::Xml
        } else if ns.contains("dataservices/metadata")
            || (container_name == "error" && ns.is_empty())
        {
            // Service Fabric's documentation shows this shape (ImageStore errors);
            // Storage Table's old bodies have it too, with its RequestId lines.
            if !(storage_lines || hints.storage_headers) {
                service = Some(Service::Fabric);
            }
            BodyFormat::DataservicesXml
        } else if ns.trim_end_matches('/') == "http://schemas.microsoft.com/windowsazure" {
            BodyFormat::ServiceManagementXml
        } else if ns.is_empty()
            && self.code.is_some()
            && self.message.is_some()
            && !self.other_children
            && container_name == "Error"
        {
            if bom || storage_lines || hints.storage_headers {
                BodyFormat::StorageXml
            } else {
                service = Some(Service::Fabric);
                BodyFormat::FabricXml
            }
        } else {
            if ns.contains("veeam.com") {
                service = Some(Service::Veeam);
            }
            BodyFormat::ErrorXml
        };
        let mut body = ErrorBody::new(format);
        body.service = service;
        body.code = self.code;
        body.details = self.details;
        // Veeam Enterprise Manager's `<Error Message=".." StatusCode="401"/>`:
        // the error's own status attribute is the HTTP status.
        body.status = ["StatusCode", "HttpStatusCode"]
            .iter()
            .find_map(|k| body.detail(k))
            .and_then(|v| v.trim().parse::<u16>().ok())
            .filter(|s| (100..=599).contains(s));
        if let Some(cs) = self.charset {
            body.charset = Some(cs);
        }
        for (field, h) in self.hresults {
            body.push_hresult(&field, h);
        }
        match (self.message, self.second_message) {
            (Some(m), second) => {
                message::apply(&mut body, Cow::Owned(m));
                if let Some(s) = second {
                    body.push_detail("Detail", s);
                }
            }
            (None, Some(s)) => message::apply(&mut body, Cow::Owned(s)),
            (None, None) => {}
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> ErrorBody {
        decode(s, &BodyHints::default(), false)
    }

    #[test]
    fn fabric_basic_xml() {
        let b = dec(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Error>\n  <Code>FABRIC_E_NODE_NOT_FOUND</Code>\n  <Message>Node not found</Message>\n</Error>",
        );
        assert_eq!(b.format, BodyFormat::FabricXml);
        assert_eq!(b.service, Some(Service::Fabric));
        assert_eq!(b.code.as_deref(), Some("FABRIC_E_NODE_NOT_FOUND"));
        assert_eq!(b.message.as_deref(), Some("Node not found"));
        assert_eq!(b.charset.as_deref(), Some("utf-8"));
    }

    #[test]
    fn dataservices_with_prefix_and_innererror() {
        let b = dec(
            "<m:error xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"><m:code>FileNotFound</m:code><m:message xml:lang=\"en-US\">Missing.</m:message><m:innererror><m:type>System.IO.X</m:type></m:innererror></m:error>",
        );
        assert_eq!(b.format, BodyFormat::DataservicesXml);
        assert_eq!(b.service, Some(Service::Fabric));
        assert_eq!(b.code.as_deref(), Some("FileNotFound"));
        assert_eq!(b.message.as_deref(), Some("Missing."));
        assert_eq!(b.detail("innererror.type"), Some("System.IO.X"));
    }

    #[test]
    fn iis_media_with_hresults() {
        let b = dec(
            "<SmoothStreaming xmlns=\"http://schemas.microsoft.com/iis/media/2011/03/streaming/management\"><Error><ErrorCode>0x80880025</ErrorCode><ErrorMessage>Not valid XML.</ErrorMessage><InternalError>0x80070002</InternalError></Error></SmoothStreaming>",
        );
        assert_eq!(b.format, BodyFormat::IisMediaXml);
        assert_eq!(b.service, Some(Service::IisMedia));
        assert_eq!(b.code.as_deref(), Some("0x80880025"));
        assert_eq!(b.detail("InternalError"), Some("0x80070002"));
        assert_eq!(b.hresults[0].field, "InternalError");
        assert_eq!(b.hresults[0].value.0, 0x8007_0002);
        let b = dec(
            "<SmoothStreaming><Error><ErrorCode>0x8088002B</ErrorCode><ErrorMessage/><InternalError/></Error></SmoothStreaming>",
        );
        assert_eq!(
            (b.code.as_deref(), b.message.as_deref()),
            (Some("0x8088002B"), None)
        );
    }

    #[test]
    fn storage_and_service_management_and_dialects() {
        let b = decode(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>QueueBeingDeleted</Code><Message>Queue is being deleted.\nRequestId:r-1\nTime:2024-03-03T00:00:00Z</Message></Error>",
            &BodyHints::default(),
            true,
        );
        assert_eq!(b.format, BodyFormat::StorageXml);
        assert_eq!(b.request_id.as_deref(), Some("r-1"));
        assert_eq!(b.message.as_deref(), Some("Queue is being deleted."));
        let b = dec(
            "<Error xmlns=\"http://schemas.microsoft.com/windowsazure\" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><Code>ConflictError</Code><Message>Exists.</Message></Error>",
        );
        assert_eq!(b.format, BodyFormat::ServiceManagementXml);
        let b = dec(
            "<Error xmlns=\"http://schemas.microsoft.com/sqlazure/2010/12/\"><Code>40647</Code><Message>Bad.</Message><Severity>16</Severity><State>1</State></Error>",
        );
        assert_eq!(b.format, BodyFormat::ErrorXml);
        assert_eq!(b.detail("Severity"), Some("16"));
        let b = dec(
            "<Error><ErrorCode>Denied</ErrorCode><Detail>SubCode=40100. Unauthorized.</Detail></Error>",
        );
        assert_eq!(b.format, BodyFormat::ErrorXml);
        assert_eq!(b.message.as_deref(), Some("SubCode=40100. Unauthorized."));
        assert_eq!(b.detail("SubCode"), Some("40100"));
    }

    #[test]
    fn attributes_and_other_roots() {
        let b = dec(
            "<Error xmlns=\"http://www.veeam.com/ent/v1.0\" Message=\"Access denied\" StackTrace=\"at X\"/>",
        );
        assert_eq!(b.message.as_deref(), Some("Access denied"));
        assert_eq!(b.service, Some(Service::Veeam));
        let b = dec(
            "<string xmlns=\"http://schemas.microsoft.com/2003/10/Serialization/\">Something broke</string>",
        );
        assert_eq!(
            (b.format, b.message.as_deref()),
            (BodyFormat::Xml, Some("Something broke"))
        );
        let b = dec(
            "<Response><Errors><Error><Code>AuthFailure</Code><Message>No.</Message></Error></Errors></Response>",
        );
        assert_eq!(b.code.as_deref(), Some("AuthFailure"));
    }

    #[test]
    fn entities_are_never_expanded() {
        let mut doc = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for i in 1..10 {
            doc.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">",
                format!("&lol{};", i - 1).repeat(10)
            ));
        }
        doc.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Error><Code>&lol9;</Code><Message>&xxe; &amp; &#65;&#x42; AT&T</Message></Error>");
        let b = dec(&doc);
        assert_eq!(b.code.as_deref(), Some("&lol9;"));
        assert_eq!(b.message.as_deref(), Some("&xxe; & AB AT&T"));
    }

    #[test]
    fn truncated_and_malformed_xml_keep_what_was_read() {
        let b = dec("<Error>\n  <Code>PoolNotFound</Code>\n  <Message>The spec");
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert_eq!((b.problems[0].line, b.problems[0].column), (3, 20));
        assert!(b.problems[0].message.contains("<Message> is not closed"));
        let b = dec("<Error><Code>X</Code><Message>m</Mesage></Error>");
        assert_eq!(b.code.as_deref(), Some("X"));
        assert_eq!(b.problems.len(), 1);
        assert!(b.problems[0].message.starts_with("malformed XML"));
    }

    #[test]
    fn deep_nesting_is_only_counted() {
        let doc = format!(
            "<Error><Code>Deep</Code>{}{}</Error>",
            "<a>".repeat(1_000_000),
            "</a>".repeat(1_000_000)
        );
        let b = dec(&doc);
        assert_eq!(b.code.as_deref(), Some("Deep"));
        assert!(b.problems.is_empty());
        let b = dec(&"<a>".repeat(1_000_000));
        assert_eq!(b.problems.len(), 1);
    }
}
