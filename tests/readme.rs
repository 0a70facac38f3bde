//! The README's console examples are run as tests, so it can never lie.
//! Refresh the expected output with `TRYCMD=overwrite cargo test --test readme`.

#[test]
fn readme_examples() {
    trycmd::TestCases::new()
        .register_bin("errcode", trycmd::cargo::cargo_bin("errcode"))
        // A width exported by the caller must not rewrap the examples.
        .env("COLUMNS", "")
        .case("README.md");
}
