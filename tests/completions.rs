//! The completion scripts and the man page committed in `completions/` must
//! match what the binary generates: a CLI change that forgets to refresh them
//! fails here.
//! Refresh with `ERRCODE_BLESS=1 cargo test --test completions`.

use std::path::PathBuf;

use assert_cmd::Command;

/// (arguments, committed file)
const GENERATED: &[(&[&str], &str)] = &[
    (&["completions", "bash"], "errcode.bash"),
    (&["completions", "zsh"], "_errcode"),
    (&["completions", "fish"], "errcode.fish"),
    (&["completions", "powershell"], "_errcode.ps1"),
    (&["completions", "elvish"], "errcode.elv"),
    (&["man"], "errcode.1"),
];

#[test]
fn committed_completions_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("ERRCODE_BLESS").is_some();
    let mut stale = Vec::new();
    for (args, file) in GENERATED {
        let out = Command::cargo_bin("errcode")
            .unwrap()
            .args(*args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?} failed");
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, &out.stdout).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&out.stdout[..]) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run ERRCODE_BLESS=1 cargo test --test completions): {stale:?}"
    );
}
