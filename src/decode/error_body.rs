//! The decoder's result types: [`ErrorBody`] and what it holds ([`BodyFormat`],
//! [`Envelope`], [`Detail`], [`HresultField`], [`Problem`]).

use std::borrow::Cow;

use serde::{Serialize, Serializer};

use super::trim;
use crate::catalog::Service;
use crate::hresult::Hresult;

/// The shape of an error body, as recognised from its content.
///
/// Serialized as a kebab-case string (`"fabric-xml"`); [`BodyFormat::as_str`]
/// gives the same name and [`BodyFormat::description`] one line about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyFormat {
    /// Nothing at all, or only whitespace.
    Empty,
    /// A raw HTTP response whose body is empty: only the status line and headers speak.
    NoBody,
    /// Service Fabric basic XML: `<Error><Code>..</Code><Message>..</Message></Error>`, no namespace.
    FabricXml,
    /// ADO.NET Data Services XML: `<error xmlns=".../dataservices/metadata"><code/><message xml:lang/>`
    /// (Service Fabric ImageStore, Azure Storage Table before JSON).
    DataservicesXml,
    /// Azure Storage (Blob, Queue, File) XML: `<Error><Code/><Message/>` after a UTF-8 BOM,
    /// the message ending in `RequestId:` and `Time:` lines.
    StorageXml,
    /// Classic Service Management (RDFE) XML: `<Error xmlns="http://schemas.microsoft.com/windowsazure">`.
    ServiceManagementXml,
    /// IIS Media Services XML: `<SmoothStreaming><Error><ErrorCode/><ErrorMessage/><InternalError/>`.
    IisMediaXml,
    /// Another `<Error>` dialect (SQL Azure `Code`/`Severity`/`State`, Service Bus `Code`/`Detail`, ...).
    ErrorXml,
    /// Any other XML document; code and message are taken from elements with the usual names.
    Xml,
    /// Azure Batch OData JSON: `code`, `message` as `{lang, value}`, `values` as `[{key, value}]`.
    BatchJson,
    /// An Azure Batch scheduling error object: `preProcessingError`, `failureInfo`, `schedulingError`
    /// (`category`, `code`, `message`, `details`/`values`).
    BatchSchedulingJson,
    /// Service Fabric HTTP gateway JSON: `{"Error":{"Code":"FABRIC_E_...","Message":".."}}`.
    FabricJson,
    /// Cosmos DB JSON: `{"code":"NotFound","message":"Message: {\"Errors\":[..]}\r\nActivityId: .."}`.
    CosmosJson,
    /// OData v3 JSON: `{"odata.error":{"code":..,"message":{"lang":..,"value":..}}}` (Storage Table).
    OdataV3Json,
    /// OData v4 / ARM / Key Vault JSON: `{"error":{"code","message","target","details","innererror"}}`.
    OdataV4Json,
    /// WebHDFS (Data Lake Store) JSON: `{"RemoteException":{"exception","message","javaClassName"}}`.
    WebhdfsJson,
    /// OAuth 2.0 / Azure AD token endpoint JSON: `{"error":"invalid_grant","error_description":..}`.
    OauthJson,
    /// RFC 9457 problem details JSON: `{"type","title","status","detail"}`.
    ProblemJson,
    /// Any other JSON; code and message are taken from fields with the usual names.
    Json,
    /// An HTML page (a server's or proxy's error page).
    Html,
    /// Plain text: a line of an error, a log excerpt.
    Text,
    /// Bytes that are not text (compressed or binary content).
    Binary,
}

impl BodyFormat {
    /// Every format, in the order they are documented.
    pub const ALL: &'static [BodyFormat] = &[
        BodyFormat::Empty,
        BodyFormat::NoBody,
        BodyFormat::FabricXml,
        BodyFormat::DataservicesXml,
        BodyFormat::StorageXml,
        BodyFormat::ServiceManagementXml,
        BodyFormat::IisMediaXml,
        BodyFormat::ErrorXml,
        BodyFormat::Xml,
        BodyFormat::BatchJson,
        BodyFormat::BatchSchedulingJson,
        BodyFormat::FabricJson,
        BodyFormat::CosmosJson,
        BodyFormat::OdataV3Json,
        BodyFormat::OdataV4Json,
        BodyFormat::WebhdfsJson,
        BodyFormat::OauthJson,
        BodyFormat::ProblemJson,
        BodyFormat::Json,
        BodyFormat::Html,
        BodyFormat::Text,
        BodyFormat::Binary,
    ];

    /// The kebab-case name, as serialized (`fabric-xml`).
    pub fn as_str(self) -> &'static str {
        match self {
            BodyFormat::Empty => "empty",
            BodyFormat::NoBody => "no-body",
            BodyFormat::FabricXml => "fabric-xml",
            BodyFormat::DataservicesXml => "dataservices-xml",
            BodyFormat::StorageXml => "storage-xml",
            BodyFormat::ServiceManagementXml => "service-management-xml",
            BodyFormat::IisMediaXml => "iis-media-xml",
            BodyFormat::ErrorXml => "error-xml",
            BodyFormat::Xml => "xml",
            BodyFormat::BatchJson => "batch-json",
            BodyFormat::BatchSchedulingJson => "batch-scheduling-json",
            BodyFormat::FabricJson => "fabric-json",
            BodyFormat::CosmosJson => "cosmos-json",
            BodyFormat::OdataV3Json => "odata-v3-json",
            BodyFormat::OdataV4Json => "odata-v4-json",
            BodyFormat::WebhdfsJson => "webhdfs-json",
            BodyFormat::OauthJson => "oauth-json",
            BodyFormat::ProblemJson => "problem-json",
            BodyFormat::Json => "json",
            BodyFormat::Html => "html",
            BodyFormat::Text => "text",
            BodyFormat::Binary => "binary",
        }
    }

    /// One line saying what the format is, for help texts and the README.
    pub fn description(self) -> &'static str {
        match self {
            BodyFormat::Empty => "nothing but whitespace",
            BodyFormat::NoBody => {
                "an HTTP response with an empty body: status line and headers only"
            }
            BodyFormat::FabricXml => "Service Fabric basic XML <Error><Code/><Message/></Error>",
            BodyFormat::DataservicesXml => {
                "ADO.NET Data Services XML <error xmlns=\".../dataservices/metadata\"> (Fabric ImageStore, old Storage Table)"
            }
            BodyFormat::StorageXml => {
                "Azure Storage XML <Error><Code/><Message/> with RequestId:/Time: lines"
            }
            BodyFormat::ServiceManagementXml => {
                "classic Service Management XML <Error xmlns=\"http://schemas.microsoft.com/windowsazure\">"
            }
            BodyFormat::IisMediaXml => {
                "IIS Media Services XML <SmoothStreaming><Error><ErrorCode/><ErrorMessage/><InternalError/>"
            }
            BodyFormat::ErrorXml => "another <Error> XML dialect (SQL Azure, Service Bus, ...)",
            BodyFormat::Xml => {
                "other XML; code and message taken from elements with the usual names"
            }
            BodyFormat::BatchJson => {
                "Azure Batch OData JSON: code, message {lang, value}, values [{key, value}]"
            }
            BodyFormat::BatchSchedulingJson => {
                "Azure Batch scheduling error: preProcessingError / failureInfo / schedulingError"
            }
            BodyFormat::FabricJson => {
                "Service Fabric HTTP gateway JSON {\"Error\":{\"Code\",\"Message\"}}"
            }
            BodyFormat::CosmosJson => {
                "Cosmos DB JSON {\"code\",\"message\"} with embedded Errors and ActivityId lines"
            }
            BodyFormat::OdataV3Json => {
                "OData v3 JSON {\"odata.error\":{\"code\",\"message\":{\"lang\",\"value\"}}}"
            }
            BodyFormat::OdataV4Json => {
                "OData v4 / ARM / Key Vault JSON {\"error\":{\"code\",\"message\",\"details\",\"innererror\"}}"
            }
            BodyFormat::WebhdfsJson => {
                "WebHDFS / Data Lake Store JSON {\"RemoteException\":{\"exception\",\"message\"}}"
            }
            BodyFormat::OauthJson => "OAuth 2.0 / Azure AD JSON {\"error\",\"error_description\"}",
            BodyFormat::ProblemJson => {
                "RFC 9457 problem details JSON {\"title\",\"status\",\"detail\"}"
            }
            BodyFormat::Json => {
                "other JSON; code and message taken from fields with the usual names"
            }
            BodyFormat::Html => "an HTML error page",
            BodyFormat::Text => "plain text or a log excerpt",
            BodyFormat::Binary => "bytes that are not text (compressed or binary)",
        }
    }
}

impl std::fmt::Display for BodyFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What carried the body, when it was not given bare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Envelope {
    /// A whole HTTP response: status line, headers, blank line, body.
    HttpResponse,
    /// An OData `$batch` `multipart/mixed` response; the error is an embedded response.
    Multipart,
}

/// A fact that goes with the error: a Batch `values[]` pair, an ARM detail, a
/// Storage `RequestId:` line, a Cosmos `ActivityId`, an extra XML element...
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// Name of the fact (`QueryParameterName`, `innererror.code`, `ActivityId`).
    /// Borrowed for the labels the decoder knows, so most details cost one
    /// allocation, not two.
    pub key: Cow<'static, str>,
    /// Its value, as text.
    pub value: String,
}

/// An HRESULT found in a field of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HresultField {
    /// Where it was found: the element or key (`ErrorCode`, `InternalError`, `code`),
    /// `reason_phrase`, a header name, `message` or `text` for one inside running text.
    pub field: String,
    /// The value (serialized as `0x8088002E`).
    pub value: Hresult,
}

/// Something in the input that could not be read as its format requires:
/// malformed or truncated JSON or XML, an undecodable charset. What could be
/// read before it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based line in the input.
    pub line: usize,
    /// 1-based column (in characters) within that line.
    pub column: usize,
    /// What is wrong, in words.
    pub message: String,
}

/// Everything read from an error body. Fields are `None` or empty when the
/// body does not carry them; the JSON form still has every key (`null`,
/// `[]`), so scripts can index any of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorBody {
    /// The body's shape.
    pub format: BodyFormat,
    /// What carried the body (a raw HTTP response, a multipart batch), if anything.
    pub envelope: Option<Envelope>,
    /// The HTTP status, from the status line or from inside the body.
    pub status: Option<u16>,
    /// The status line's reason phrase as sent (Batch puts its message there).
    pub reason_phrase: Option<String>,
    /// The error code; the `x-ms-error-code` header wins over the body.
    pub code: Option<String>,
    /// The error message, without the request-id and timing lines services append.
    pub message: Option<String>,
    /// Other facts, in the order they were read.
    pub details: Vec<Detail>,
    /// The request id: `x-ms-request-id`, `request-id` or `x-ms-activity-id`, else one in the body.
    pub request_id: Option<String>,
    /// Cosmos DB's `x-ms-substatus`.
    pub substatus: Option<u32>,
    /// How long to wait before retrying, from `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After`.
    pub retry_after_ms: Option<u64>,
    /// The media type of the body (`Content-Type` without parameters).
    pub content_type: Option<String>,
    /// The charset the body was read in: the header's, a BOM's or the XML declaration's.
    pub charset: Option<String>,
    /// Batch scheduling-error category (`UserError`, `ServerError`).
    pub category: Option<String>,
    /// The catalog service the body comes from, when something in it says so.
    #[serde(serialize_with = "service_id")]
    pub service: Option<Service>,
    /// HRESULTs found in code fields, inner errors, the reason phrase or the message.
    pub hresults: Vec<HresultField>,
    /// For free text (HTML, plain text, logs): catalog codes, HRESULTs and HTTP statuses seen in it.
    pub mentions: Vec<String>,
    /// What could not be read, with where.
    pub problems: Vec<Problem>,
}

fn service_id<S: Serializer>(service: &Option<Service>, s: S) -> Result<S::Ok, S::Error> {
    match service {
        Some(service) => s.serialize_str(service.id()),
        None => s.serialize_none(),
    }
}

impl ErrorBody {
    /// A body of the given format with nothing read yet.
    pub fn new(format: BodyFormat) -> Self {
        ErrorBody {
            format,
            envelope: None,
            status: None,
            reason_phrase: None,
            code: None,
            message: None,
            details: Vec::new(),
            request_id: None,
            substatus: None,
            retry_after_ms: None,
            content_type: None,
            charset: None,
            category: None,
            service: None,
            hresults: Vec::new(),
            mentions: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The value of the first detail with this key (ASCII case ignored).
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|d| d.key.eq_ignore_ascii_case(key))
            .map(|d| d.value.as_str())
    }

    pub(crate) fn push_detail(
        &mut self,
        key: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) {
        let value = value.into();
        if !value.is_empty() {
            self.details.push(Detail {
                key: key.into(),
                value,
            });
        }
    }

    pub(crate) fn push_hresult(&mut self, field: &str, value: u32) {
        if !self
            .hresults
            .iter()
            .any(|h| h.value.0 == value && h.field == field)
        {
            self.hresults.push(HresultField {
                field: field.to_string(),
                value: Hresult(value),
            });
        }
    }

    pub(crate) fn set_request_id(&mut self, id: &str) {
        let id = trim(id);
        if self.request_id.is_none() && !id.is_empty() {
            self.request_id = Some(id.to_string());
        }
    }
}
