//! JSON error bodies, read in one pass without building a value tree.
//!
//! This file recognises the shapes of error bodies: it walks the top-level
//! object and reads only the fields an error explanation needs (borrowing
//! strings that have no escapes), leaving tokens and skipping to the scanner
//! in [`super::json_scan`]. The few objects it descends into (`error`,
//! `innererror`, ...) are at most [`MAX_NEST`] deep.

use std::borrow::Cow;

use super::json_scan::{R, Scan};
use super::{BodyFormat, BodyHints, Detail, ErrorBody, message, problem_at};
use crate::catalog::Service;

/// How deep the scanner descends into objects it understands; deeper ones are skipped.
const MAX_NEST: u8 = 8;

/// Which object gave the error its shape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Fields at the top level (`code`, `message`, ...).
    Plain,
    /// `{"error":{...}}` (or `Error`).
    ErrorWrapper,
    /// `{"odata.error":{...}}`.
    ODataError,
    /// `{"error":"invalid_grant", ...}`.
    OAuth,
    /// `{"RemoteException":{...}}`.
    Remote,
    /// A Batch scheduling error object.
    Scheduling,
}

/// What has been read so far; strings borrow from the input where they can.
struct Draft<'a> {
    shape: Shape,
    code: Option<Cow<'a, str>>,
    /// A code found in an object the scanner does not know, used only when no better one turns up.
    weak_code: Option<Cow<'a, str>>,
    message: Option<Cow<'a, str>>,
    weak_message: Option<Cow<'a, str>>,
    details: Vec<Detail>,
    request_id: Option<Cow<'a, str>>,
    category: Option<Cow<'a, str>>,
    status: Option<u16>,
    odata_metadata: Option<Cow<'a, str>>,
    /// `message` was an object `{lang, value}` (OData JSON light).
    message_object: bool,
    /// A Batch `values` array was present.
    values: bool,
    /// The wrapper was spelled `Error` and its code `Code`: the Service Fabric gateway's casing.
    pascal_case: bool,
    /// RFC 9457 fields (`title` with `type` or `status`).
    problem_title: Option<Cow<'a, str>>,
    problem_type: bool,
    /// Veeam Enterprise Manager's `FirstChanceExceptionMessage` was present.
    veeam: bool,
}

impl<'a> Draft<'a> {
    fn new() -> Self {
        Draft {
            shape: Shape::Plain,
            code: None,
            weak_code: None,
            message: None,
            weak_message: None,
            details: Vec::new(),
            request_id: None,
            category: None,
            status: None,
            odata_metadata: None,
            message_object: false,
            values: false,
            pascal_case: false,
            problem_title: None,
            problem_type: false,
            veeam: false,
        }
    }

    fn detail(&mut self, key: impl Into<Cow<'static, str>>, value: Cow<'a, str>) {
        if !value.is_empty() {
            self.details.push(Detail {
                key: key.into(),
                value: value.into_owned(),
            });
        }
    }

    fn set_code(&mut self, v: Option<Cow<'a, str>>, weak: bool) {
        let slot = if weak {
            &mut self.weak_code
        } else {
            &mut self.code
        };
        if slot.is_none() {
            *slot = v.filter(|c| !super::trim(c).is_empty());
        }
    }

    fn set_message(&mut self, v: Option<Cow<'a, str>>, weak: bool) {
        let slot = if weak {
            &mut self.weak_message
        } else {
            &mut self.message
        };
        if slot.is_none() {
            *slot = v.filter(|m| !super::trim(m).is_empty());
        }
    }

    fn set_shape(&mut self, shape: Shape) {
        if self.shape == Shape::Plain {
            self.shape = shape;
        }
    }
}

/// Decodes a JSON body.
#[inline(always)]
pub(super) fn decode(text: &str, hints: &BodyHints<'_>) -> ErrorBody {
    let mut draft = Draft::new();
    let mut sc = Scan {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    let result = sc.document(&mut draft);
    let mut body = finish(draft, hints);
    if let Err(fail) = result {
        body.problems.push(problem_at(text, fail.at, fail.what));
    }
    body
}

#[inline(always)]
fn finish(d: Draft<'_>, hints: &BodyHints<'_>) -> ErrorBody {
    let code = d.code.or(d.weak_code);
    let message = d.message.or(d.weak_message).or(d.problem_title.clone());
    let marks = message.as_deref().map(message::Marks::scan);
    let cosmos_text = match (&message, &marks) {
        (Some(m), Some(marks)) => marks.cosmos(m),
        _ => false,
    };
    let format = match d.shape {
        Shape::ODataError => BodyFormat::OdataV3Json,
        Shape::ErrorWrapper
            if d.pascal_case
                || code
                    .as_deref()
                    .is_some_and(|c| super::service_from_code(c) == Some(Service::Fabric)) =>
        {
            BodyFormat::FabricJson
        }
        Shape::ErrorWrapper => BodyFormat::OdataV4Json,
        Shape::OAuth => BodyFormat::OauthJson,
        Shape::Remote => BodyFormat::WebhdfsJson,
        Shape::Scheduling => BodyFormat::BatchSchedulingJson,
        Shape::Plain if d.message_object || d.values || d.odata_metadata.is_some() => {
            BodyFormat::BatchJson
        }
        Shape::Plain if code.is_some() && (cosmos_text || hints.cosmos_headers) => {
            BodyFormat::CosmosJson
        }
        Shape::Plain if d.problem_title.is_some() && (d.problem_type || d.status.is_some()) => {
            BodyFormat::ProblemJson
        }
        Shape::Plain => BodyFormat::Json,
    };
    let mut body = ErrorBody::new(format);
    body.service = match format {
        BodyFormat::FabricJson => Some(Service::Fabric),
        BodyFormat::BatchSchedulingJson => Some(Service::Batch),
        BodyFormat::CosmosJson => Some(Service::Cosmos),
        _ if d.veeam => Some(Service::Veeam),
        _ => d
            .odata_metadata
            .as_deref()
            .and_then(service_from_metadata)
            .or_else(|| {
                // OData JSON light without a metadata link is only Batch's top-level shape.
                (format == BodyFormat::BatchJson && d.odata_metadata.is_none())
                    .then_some(Service::Batch)
            }),
    };
    body.status = d.status;
    body.code = code.map(|c| match c {
        Cow::Owned(s) if super::trim(&s).len() == s.len() => s,
        c => super::trim(&c).to_string(),
    });
    body.category = d.category.map(Cow::into_owned);
    body.details = d.details;
    if let Some(id) = d.request_id {
        body.set_request_id(&id);
    }
    if let (Some(m), Some(marks)) = (message, marks) {
        message::apply_marked(&mut body, m, &marks);
    }
    body
}

/// The catalog service an OData metadata URL's host (or type name) belongs to.
fn service_from_metadata(url: &str) -> Option<Service> {
    let url = url.as_bytes();
    if super::contains_ignore_case(url, b".batch.azure.")
        || super::contains_ignore_case(url, b"Microsoft.Azure.Batch.")
    {
        Some(Service::Batch)
    } else if super::contains_ignore_case(url, b".documents.azure.") {
        Some(Service::Cosmos)
    } else {
        None
    }
}

/// The field names the scanner acts on, matched ignoring ASCII case.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Code,
    Message,
    ErrorDescription,
    Values,
    Details,
    ODataMetadata,
    Error,
    ODataError,
    PreProcessingError,
    FailureInfo,
    SchedulingError,
    ResizeErrors,
    RemoteException,
    Category,
    InnerError,
    Status,
    Title,
    Detail,
    Type,
    RequestId,
    ExceptionMessage,
    Target,
    ExceptionType,
    Exception,
    CorrelationId,
    Timestamp,
    Errors,
    Value,
    Key,
    Name,
    /// `FirstChanceExceptionMessage`: only Veeam Enterprise Manager sends it.
    VeeamMarker,
    Other,
}

impl Field {
    /// Classifies a key once, by its lower-cased bytes in a stack buffer:
    /// one `match` instead of a comparison per known name.
    fn of(key: &str) -> Field {
        let b = key.as_bytes();
        let mut buf = [0u8; 28];
        let Some(lower) = buf.get_mut(..b.len()) else {
            return Field::Other;
        };
        for (l, c) in lower.iter_mut().zip(b) {
            *l = c.to_ascii_lowercase();
        }
        match &*lower {
            b"code" => Field::Code,
            b"message" => Field::Message,
            b"error_description" => Field::ErrorDescription,
            b"values" => Field::Values,
            b"details" => Field::Details,
            b"odata.metadata" => Field::ODataMetadata,
            b"error" => Field::Error,
            b"odata.error" => Field::ODataError,
            b"preprocessingerror" => Field::PreProcessingError,
            b"failureinfo" => Field::FailureInfo,
            b"schedulingerror" => Field::SchedulingError,
            b"resizeerrors" => Field::ResizeErrors,
            b"remoteexception" => Field::RemoteException,
            b"category" => Field::Category,
            b"innererror" => Field::InnerError,
            b"status" | b"statuscode" | b"httpstatuscode" => Field::Status,
            b"title" => Field::Title,
            b"detail" => Field::Detail,
            b"type" => Field::Type,
            b"requestid" | b"request_id" | b"traceid" | b"trace_id" | b"activityid" => {
                Field::RequestId
            }
            b"exceptionmessage" => Field::ExceptionMessage,
            b"target" => Field::Target,
            b"exceptiontype" => Field::ExceptionType,
            b"exception" => Field::Exception,
            b"correlation_id" | b"correlationid" => Field::CorrelationId,
            b"timestamp" => Field::Timestamp,
            b"errors" => Field::Errors,
            b"value" => Field::Value,
            b"key" => Field::Key,
            b"name" => Field::Name,
            b"firstchanceexceptionmessage" => Field::VeeamMarker,
            _ => Field::Other,
        }
    }
}

/// The error shapes, read on top of the scanner's tokens.
impl<'a> Scan<'a> {
    /// The whole input: one value, then only whitespace.
    fn document(&mut self, d: &mut Draft<'a>) -> R<()> {
        self.ws();
        if self.s[self.i..].starts_with('\u{feff}') {
            self.i += 3;
            self.ws();
        }
        match self.peek() {
            Some(b'{') => self.top_object(d, 0, false)?,
            // An array of errors: the first object is the error.
            Some(b'[') => {
                let mut first = true;
                self.array(|sc, _| {
                    if first && sc.peek() == Some(b'{') {
                        first = false;
                        sc.top_object(d, 0, false)
                    } else {
                        sc.skip_value()
                    }
                })?
            }
            _ => return self.fail("expected a JSON object"),
        }
        self.ws();
        if self.i < self.b.len() {
            return self.fail("unexpected text after the JSON value");
        }
        Ok(())
    }

    /// The top-level object, or an unknown object met at a shallow depth
    /// (`weak`: what it gives counts only when nothing better is found).
    fn top_object(&mut self, d: &mut Draft<'a>, depth: u8, weak: bool) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Code => {
                    let v = sc.scalar()?;
                    d.set_code(v, weak);
                }
                Field::Message | Field::ErrorDescription => sc.message(d, weak)?,
                k @ (Field::Values | Field::Details) => {
                    d.values |= k == Field::Values && !weak;
                    sc.pairs(d)?;
                }
                Field::ODataMetadata => {
                    if let Some(v) = sc.scalar()? {
                        d.odata_metadata.get_or_insert(v);
                    }
                }
                k @ (Field::Error | Field::ODataError) => match sc.peek() {
                    Some(b'{') if depth < MAX_NEST => {
                        if !weak {
                            d.set_shape(if k == Field::ODataError {
                                Shape::ODataError
                            } else {
                                Shape::ErrorWrapper
                            });
                            // The gateway spells it `Error`; ARM and OData `error`.
                            d.pascal_case |= key.starts_with('E');
                        }
                        sc.error_object(d, depth + 1, weak)?;
                    }
                    Some(b'"') => {
                        if !weak {
                            d.set_shape(Shape::OAuth);
                        }
                        let v = sc.scalar()?;
                        d.set_code(v, weak);
                    }
                    _ => sc.skip_value()?,
                },
                Field::PreProcessingError | Field::FailureInfo | Field::SchedulingError
                    if sc.peek() == Some(b'{') && depth < MAX_NEST =>
                {
                    d.set_shape(Shape::Scheduling);
                    sc.scheduling_object(d, depth + 1)?;
                }
                Field::ResizeErrors if sc.peek() == Some(b'[') => {
                    let mut first = true;
                    sc.array(|sc, _| {
                        if first && sc.peek() == Some(b'{') && depth < MAX_NEST {
                            first = false;
                            d.set_shape(Shape::Scheduling);
                            sc.scheduling_object(d, depth + 1)
                        } else {
                            sc.skip_value()
                        }
                    })?;
                }
                Field::RemoteException if sc.peek() == Some(b'{') => {
                    d.set_shape(Shape::Remote);
                    sc.remote_object(d)?;
                }
                Field::Category => {
                    if let Some(v) = sc.scalar()? {
                        d.category.get_or_insert(v);
                    }
                }
                Field::InnerError if depth < MAX_NEST => {
                    sc.inner(d, "innererror".to_string(), depth + 1)?
                }
                Field::Status => {
                    let n = sc.scalar()?.and_then(|v| v.parse::<u16>().ok());
                    if let Some(n) = n.filter(|n| (100..=599).contains(n)) {
                        d.status.get_or_insert(n);
                    }
                }
                Field::Title => {
                    if let Some(v) = sc.scalar()? {
                        d.problem_title.get_or_insert(v);
                    }
                }
                Field::Detail => {
                    let v = sc.scalar()?;
                    d.set_message(v, weak);
                }
                Field::Type => {
                    if let Some(v) = sc.scalar()? {
                        d.problem_type = true;
                        d.detail("type", v);
                    }
                }
                Field::RequestId => {
                    if let Some(v) = sc.scalar()? {
                        d.request_id.get_or_insert(v);
                    }
                }
                // ASP.NET Web API: `Message` is generic, the exception's message says what failed.
                Field::ExceptionMessage => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v.clone());
                        d.set_message(Some(v), true);
                    }
                }
                Field::Target
                | Field::ExceptionType
                | Field::Exception
                | Field::CorrelationId
                | Field::Timestamp => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v);
                    }
                }
                Field::Errors => sc.errors(d, depth, weak)?,
                Field::VeeamMarker => {
                    d.veeam |= depth == 0;
                    sc.skip_value()?;
                }
                // An object the scanner does not know may still hold the error
                // (`{"result":{"code":..}}`); what it gives is second choice.
                _ if sc.peek() == Some(b'{') && depth < 2 => sc.top_object(d, depth + 1, true)?,
                _ => sc.skip_value()?,
            }
            Ok(())
        })
    }

    /// `message`: a string, or OData's `{"lang":..,"value":..}`.
    fn message(&mut self, d: &mut Draft<'a>, weak: bool) -> R<()> {
        if self.peek() == Some(b'{') {
            if !weak {
                d.message_object = true;
            }
            return self.object(|sc, key| {
                if Field::of(&key) == Field::Value {
                    let v = sc.scalar()?;
                    d.set_message(v, weak);
                    Ok(())
                } else {
                    sc.skip_value()
                }
            });
        }
        let v = self.scalar()?;
        d.set_message(v, weak);
        Ok(())
    }

    /// The object inside `error` / `odata.error`.
    fn error_object(&mut self, d: &mut Draft<'a>, depth: u8, weak: bool) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Code => {
                    // Only the gateway spells it `Code` inside `Error`.
                    if !weak && key != "Code" {
                        d.pascal_case = false;
                    }
                    let v = sc.scalar()?;
                    d.set_code(v, weak);
                }
                Field::Message => sc.message(d, weak)?,
                Field::Values => sc.pairs(d)?,
                Field::Details => sc.arm_details(d, depth)?,
                Field::InnerError if depth < MAX_NEST => {
                    sc.inner(d, "innererror".to_string(), depth + 1)?
                }
                Field::RequestId => {
                    if let Some(v) = sc.scalar()? {
                        d.request_id.get_or_insert(v);
                    }
                }
                _ if matches!(sc.peek(), Some(b'{' | b'[')) => sc.skip_value()?,
                // `target` and any other scalar facts of the error.
                _ => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v);
                    }
                }
            }
            Ok(())
        })
    }

    /// ARM `details`: `[{"code":..,"message":..,"target":..}]`, each becoming
    /// a detail keyed by its code.
    fn arm_details(&mut self, d: &mut Draft<'a>, depth: u8) -> R<()> {
        if self.peek() != Some(b'[') || depth >= MAX_NEST {
            return self.skip_value();
        }
        self.array(|sc, n| {
            if sc.peek() != Some(b'{') {
                return sc.skip_value();
            }
            let mut code = None;
            let mut msg = None;
            let mut target = None;
            sc.object(|sc, key| {
                match Field::of(&key) {
                    Field::Code => code = sc.scalar()?,
                    Field::Message => msg = sc.scalar()?,
                    Field::Target => target = sc.scalar()?,
                    _ => sc.skip_value()?,
                }
                Ok(())
            })?;
            let key = code.map_or_else(|| format!("details[{n}]"), Cow::into_owned);
            if let Some(t) = target {
                d.detail(format!("{key}.target"), t);
            }
            d.detail(key, msg.unwrap_or(Cow::Borrowed("")));
            Ok(())
        })
    }

    /// Key/value facts: Batch `values` `[{"key":..,"value":..}]`, `details`
    /// `[{"name":..,"value":..}]`, or a single such object.
    fn pairs(&mut self, d: &mut Draft<'a>) -> R<()> {
        match self.peek() {
            Some(b'[') => self.array(|sc, _| {
                if sc.peek() == Some(b'{') {
                    sc.pair(d)
                } else {
                    sc.skip_value()
                }
            }),
            Some(b'{') => self.pair(d),
            _ => self.skip_value(),
        }
    }

    fn pair(&mut self, d: &mut Draft<'a>) -> R<()> {
        let mut name = None;
        let mut value = None;
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Key | Field::Name | Field::Code => name = sc.scalar()?,
                Field::Value | Field::Message => value = sc.scalar()?,
                _ => sc.skip_value()?,
            }
            Ok(())
        })?;
        if let (Some(n), Some(v)) = (name, value) {
            d.detail(n.into_owned(), v);
        }
        Ok(())
    }

    /// A Batch scheduling error: `category`, `code`, `message`, `details`/`values`.
    fn scheduling_object(&mut self, d: &mut Draft<'a>, depth: u8) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Category => {
                    if let Some(v) = sc.scalar()? {
                        d.category.get_or_insert(v);
                    }
                }
                Field::Code => {
                    let v = sc.scalar()?;
                    d.set_code(v, false);
                }
                Field::Message => sc.message(d, false)?,
                Field::Details | Field::Values => sc.pairs(d)?,
                Field::InnerError if depth < MAX_NEST => {
                    sc.inner(d, "innererror".to_string(), depth + 1)?
                }
                _ => sc.skip_value()?,
            }
            Ok(())
        })
    }

    /// WebHDFS `RemoteException`: the exception's class name is the code.
    fn remote_object(&mut self, d: &mut Draft<'a>) -> R<()> {
        self.object(|sc, key| {
            match Field::of(&key) {
                Field::Exception => {
                    let v = sc.scalar()?;
                    d.set_code(v, false);
                }
                Field::Message => {
                    let v = sc.scalar()?;
                    d.set_message(v, false);
                }
                _ => {
                    if let Some(v) = sc.scalar()? {
                        d.detail(key.into_owned(), v);
                    }
                }
            }
            Ok(())
        })
    }

    /// `innererror`, flattened into details (`innererror.code`,
    /// `innererror.innererror.code`, ...); nesting stops at [`MAX_NEST`].
    fn inner(&mut self, d: &mut Draft<'a>, prefix: String, depth: u8) -> R<()> {
        if self.peek() != Some(b'{') {
            if let Some(v) = self.scalar()? {
                d.detail(prefix, v);
            }
            return Ok(());
        }
        self.object(|sc, key| {
            if Field::of(&key) == Field::InnerError && depth < MAX_NEST {
                sc.inner(d, format!("{prefix}.{key}"), depth + 1)
            } else if matches!(sc.peek(), Some(b'{' | b'[')) {
                sc.skip_value()
            } else {
                if let Some(v) = sc.scalar()? {
                    d.detail(format!("{prefix}.{key}"), v);
                }
                Ok(())
            }
        })
    }

    /// `errors`: an array of error objects (the first is read), of strings, or
    /// an ASP.NET validation map `{"field":["message"]}`.
    fn errors(&mut self, d: &mut Draft<'a>, depth: u8, weak: bool) -> R<()> {
        match self.peek() {
            Some(b'[') => {
                let mut first = true;
                self.array(|sc, _| match sc.peek() {
                    Some(b'{') if first && depth < 2 => {
                        first = false;
                        sc.top_object(d, depth + 1, true)
                    }
                    Some(b'"') => {
                        let v = sc.scalar()?;
                        d.set_message(v, true);
                        Ok(())
                    }
                    _ => sc.skip_value(),
                })
            }
            Some(b'{') => self.object(|sc, key| {
                let mut first = None;
                if sc.peek() == Some(b'[') {
                    sc.array(|sc, _| {
                        let v = sc.scalar()?;
                        if first.is_none() {
                            first = v;
                        }
                        Ok(())
                    })?;
                } else {
                    first = sc.scalar()?;
                }
                if let Some(v) = first.filter(|_| !weak) {
                    d.detail(key.into_owned(), v);
                }
                Ok(())
            }),
            _ => self.skip_value(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> ErrorBody {
        decode(s, &BodyHints::default())
    }

    #[test]
    fn batch_shape_with_values_and_metadata() {
        let b = dec(
            r#"{"odata.metadata":"https://acct.westeurope.batch.azure.com/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element","code":"JobNotFound","message":{"lang":"en-US","value":"The specified job does not exist.\nRequestId:11111111-2222-3333-4444-555555555555\nTime:2024-05-01T10:00:00.0000000Z"},"values":[{"key":"Reason","value":"gone"}]}"#,
        );
        assert_eq!(b.format, BodyFormat::BatchJson);
        assert_eq!(b.service, Some(Service::Batch));
        assert_eq!(b.code.as_deref(), Some("JobNotFound"));
        assert_eq!(
            b.message.as_deref(),
            Some("The specified job does not exist.")
        );
        assert_eq!(
            b.request_id.as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(b.detail("Reason"), Some("gone"));
        assert_eq!(b.detail("Time"), Some("2024-05-01T10:00:00.0000000Z"));
        assert!(b.problems.is_empty());
    }

    #[test]
    fn keys_are_case_insensitive() {
        let b = dec(r#"{"Code":"PoolNotFound","Message":{"Value":"nope"}}"#);
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert_eq!(b.message.as_deref(), Some("nope"));
    }

    #[test]
    fn fabric_gateway_shape() {
        let b = dec(
            r#"{"Error":{"Code":"FABRIC_E_SERVICE_DOES_NOT_EXIST","Message":"Service does not exist."}}"#,
        );
        assert_eq!(b.format, BodyFormat::FabricJson);
        assert_eq!(b.service, Some(Service::Fabric));
        let b = dec(r#"{"Error":{"Code":"E_INVALIDARG","Message":"Invalid argument"}}"#);
        assert_eq!(b.format, BodyFormat::FabricJson);
    }

    #[test]
    fn arm_details_target_and_innererror_are_flattened() {
        let b = dec(
            r#"{"error":{"code":"InvalidTemplate","message":"Bad.","target":"vm1","details":[{"code":"Reason","message":"why","target":"x"},{"message":"other"}],"innererror":{"code":"Inner","innererror":{"code":"Deeper"}}}}"#,
        );
        assert_eq!(b.format, BodyFormat::OdataV4Json);
        assert_eq!(b.detail("target"), Some("vm1"));
        assert_eq!(b.detail("Reason"), Some("why"));
        assert_eq!(b.detail("Reason.target"), Some("x"));
        assert_eq!(b.detail("details[1]"), Some("other"));
        assert_eq!(b.detail("innererror.code"), Some("Inner"));
        assert_eq!(b.detail("innererror.innererror.code"), Some("Deeper"));
    }

    #[test]
    fn odata_v3_and_oauth_and_webhdfs() {
        let b = dec(
            r#"{"odata.error":{"code":"EntityNotFound","message":{"lang":"en-US","value":"Gone."}}}"#,
        );
        assert_eq!(
            (b.format, b.code.as_deref()),
            (BodyFormat::OdataV3Json, Some("EntityNotFound"))
        );
        let b = dec(
            r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret.","trace_id":"t-1"}"#,
        );
        assert_eq!(b.format, BodyFormat::OauthJson);
        assert_eq!(b.code.as_deref(), Some("invalid_client"));
        assert_eq!(b.request_id.as_deref(), Some("t-1"));
        let b = dec(
            r#"{"RemoteException":{"exception":"AccessControlException","message":"Denied","javaClassName":"org.X"}}"#,
        );
        assert_eq!(b.format, BodyFormat::WebhdfsJson);
        assert_eq!(b.code.as_deref(), Some("AccessControlException"));
        assert_eq!(b.detail("javaClassName"), Some("org.X"));
    }

    #[test]
    fn scheduling_errors_with_single_object_values() {
        let b = dec(
            r#"{"preProcessingError":{"category":"UserError","code":"ResourceFileDownloadFailed","message":"Could not download","values":{"name":"FilePath","value":"d:\\x"}}}"#,
        );
        assert_eq!(b.format, BodyFormat::BatchSchedulingJson);
        assert_eq!(b.category.as_deref(), Some("UserError"));
        assert_eq!(b.detail("FilePath"), Some("d:\\x"));
        let b = dec(
            r#"{"id":"t1","executionInfo":{"failureInfo":{"category":"ServerError","code":"TaskEnded","details":[{"name":"Message","value":"m"}]}}}"#,
        );
        assert_eq!(b.code.as_deref(), Some("TaskEnded"));
        assert_eq!(b.category.as_deref(), Some("ServerError"));
    }

    #[test]
    fn problem_details() {
        let b = dec(
            r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"traceId":"00-abc-01"}"#,
        );
        assert_eq!(b.format, BodyFormat::ProblemJson);
        assert_eq!(b.status, Some(404));
        assert_eq!(b.message.as_deref(), Some("Not Found"));
        assert_eq!(b.request_id.as_deref(), Some("00-abc-01"));
    }

    #[test]
    fn escapes_and_surrogates() {
        let b = dec(r#"{"code":"A\u0042","message":"\ud83d\ude00 \"q\" \/ \ud800x"}"#);
        assert_eq!(b.code.as_deref(), Some("AB"));
        assert_eq!(b.message.as_deref(), Some("😀 \"q\" / \u{fffd}x"));
    }

    #[test]
    fn truncation_keeps_what_came_before() {
        let b = dec("{\n  \"code\": \"PoolNotFound\",\n  \"message\": {\"lang\": \"en-US\", \"val");
        assert_eq!(b.code.as_deref(), Some("PoolNotFound"));
        assert_eq!(b.problems.len(), 1);
        assert_eq!((b.problems[0].line, b.problems[0].column), (3, 36));
        assert!(b.problems[0].message.contains("truncated"));
    }

    #[test]
    fn malformed_json_reports_the_position() {
        let b = dec("{\"code\": \"X\",\n \"message\" \"no colon\"}");
        assert_eq!(b.code.as_deref(), Some("X"));
        assert_eq!((b.problems[0].line, b.problems[0].column), (2, 12));
        let b = dec("{\"code\":\"X\"} trailing");
        assert_eq!(
            b.problems[0].message,
            "unexpected text after the JSON value"
        );
    }

    #[test]
    fn deep_nesting_is_skipped_without_recursion() {
        let mut s = String::from("{\"code\":\"Deep\",\"x\":");
        s.push_str(&"[".repeat(1_000_000));
        s.push_str(&"]".repeat(1_000_000));
        s.push('}');
        let b = dec(&s);
        assert_eq!(b.code.as_deref(), Some("Deep"));
        assert!(b.problems.is_empty());
        let b = dec(&"[".repeat(1_000_000));
        assert_eq!(b.problems.len(), 1);
        let b = dec(&"{\"a\":".repeat(100_000));
        assert_eq!(b.problems.len(), 1);
    }
}
