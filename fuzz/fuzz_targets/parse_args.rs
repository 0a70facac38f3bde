//! The argument parsers: HRESULTs, process exit codes, the `status`
//! argument (`404.1002`), statuses as the text scanner reads them, and the
//! readings and catalog lookup a bare `errcode VALUE` goes through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        let _ = errcode_cli::status_text::facts(data);
        return;
    };
    if let Ok((value, _)) = errcode_cli::hresult::parse(text) {
        // A parsed HRESULT must take every reading without a panic.
        let h = errcode_cli::Hresult(value);
        let _ = (h.facility_name(), h.win32(), h.ntstatus(), h.code());
    }
    if let Ok(value) = errcode_cli::process_exit::parse(text) {
        let _ = errcode_cli::process_exit::explain(text, value);
    }
    let _ = errcode_cli::http::parse_status(text);
    let _ = errcode_cli::interpret::readings(text);
    let _ = errcode_cli::catalog::lookup(text, None);
    let _ = errcode_cli::status_text::facts(data);
});
