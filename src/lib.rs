//! errcode: an offline catalog of the error codes Microsoft REST services
//! return (Service Fabric, Batch, Cosmos DB, IIS Media Services, Veeam
//! Enterprise Manager), with HRESULT decoding.
//!
//! The catalog is compiled in from `data/*.json`; see [`catalog`]. Error
//! bodies (JSON, XML, raw HTTP responses, HTML, text) are read by [`decode`].

pub mod catalog;
pub mod decode;
pub mod hresult;
pub mod http;
pub mod model;
pub mod retry;
pub mod search;

pub use catalog::{Entry, Service, Source, SourceKind};
pub use hresult::Hresult;
