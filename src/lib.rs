//! errcode: an offline catalog of the error codes Microsoft REST services
//! return (Service Fabric, Batch, Cosmos DB, IIS Media Services, Veeam
//! Enterprise Manager), with HRESULT decoding.
//!
//! The catalog is compiled in from `data/*.json`; see [`catalog`]. Error
//! bodies (JSON, XML, raw HTTP responses, HTML, text) are read by [`decode`];
//! [`scan`] finds every code, HRESULT and Cosmos DB status pair in a log.

pub mod catalog;
// The data schema is build.rs's; here only its checks are tested, and the
// fields the generator reads look unused.
#[cfg(test)]
#[allow(dead_code)]
mod data_schema;
pub mod decode;
pub mod explain;
pub mod hresult;
pub mod http;
pub mod interpret;
pub mod model;
pub mod packed;
pub mod process_exit;
pub mod retry;
pub mod scan;
pub mod search;
pub mod status_text;
pub mod windows;
mod words;

pub use catalog::{Entry, Service, Source, SourceKind};
pub use hresult::Hresult;
