//! The committed Windows data (`data/windows/`) is exactly what the
//! generator writes from the mingw-w64 headers: stale or hand-edited files
//! fail here. Needs the headers: `ERRCODE_MINGW_INCLUDE` pointing at
//! mingw-w64's include directory (`.ci/run` downloads the package and sets
//! it); without it the test says it was skipped and why.

#[path = "../examples/gen_windows.rs"]
#[allow(dead_code)]
mod gen_windows;

use std::path::Path;

#[test]
fn committed_windows_data_matches_the_generator() {
    let Some(include) = gen_windows::include_dir() else {
        eprintln!(
            "skipped: ERRCODE_MINGW_INCLUDE is not set, so the mingw-w64 headers cannot be read \
             (apt-get download mingw-w64-common && dpkg-deb -x ...; see README)"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = root.join("../shared/reference");
    if !reference.is_dir() {
        eprintln!("skipped: {} is missing", reference.display());
        return;
    }
    let files = gen_windows::generate(&include, &reference).unwrap();
    for (path, want) in files {
        let have = std::fs::read_to_string(root.join(path)).unwrap();
        assert!(
            have == want,
            "{path} is stale: run `ERRCODE_MINGW_INCLUDE={} cargo run --example gen_windows`",
            include.display()
        );
    }
}
