//! The completion scripts committed in `completions/` must match what the
//! binary generates: a CLI change that forgets to refresh them fails here.
//! Refresh with `ERRCODE_BLESS=1 cargo test --test completions`.

use std::path::PathBuf;

use assert_cmd::Command;

const SHELLS: &[(&str, &str)] = &[
    ("bash", "errcode.bash"),
    ("zsh", "_errcode"),
    ("fish", "errcode.fish"),
    ("powershell", "_errcode.ps1"),
    ("elvish", "errcode.elv"),
];

#[test]
fn committed_completions_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("ERRCODE_BLESS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let out = Command::cargo_bin("errcode")
            .unwrap()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "completions {shell} failed");
        assert!(
            !out.stdout.is_empty(),
            "completions {shell} printed nothing"
        );
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, &out.stdout).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&out.stdout[..]) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts (run ERRCODE_BLESS=1 cargo test --test completions): {stale:?}"
    );
}
