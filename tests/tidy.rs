//! Architecture and security invariants, checked as plain tests (rust-analyzer's "tidy" idea).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn app_sources() -> Vec<(String, String)> {
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("crates/cognito-auth/src")));
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let relative = path.strip_prefix(root()).unwrap().display().to_string();
            (relative, text)
        })
        .collect()
}

#[test]
fn only_the_pending_store_touches_web_storage() {
    let forbidden = [
        "local_storage",
        "session_storage",
        "indexed_db",
        "IdbFactory",
        "set_cookie",
        "document.cookie",
        "HtmlDocument",
    ];
    for (path, text) in app_sources() {
        for word in forbidden {
            let allowed = path == "src/auth/pending_store.rs" && word == "session_storage";
            assert!(
                allowed || !text.contains(word),
                "{path} uses `{word}`: tokens live in memory only"
            );
        }
    }
}

#[test]
fn nothing_is_rendered_as_html() {
    for (path, text) in app_sources() {
        for word in [
            "inner_html",
            "set_inner_html",
            "innerHTML",
            "outer_html",
            "insert_adjacent_html",
        ] {
            assert!(
                !text.contains(word),
                "{path} uses `{word}`: render every value as text"
            );
        }
    }
}

#[test]
fn the_core_has_no_web_dependency() {
    let manifest = std::fs::read_to_string(root().join("crates/cognito-auth/Cargo.toml")).unwrap();
    let section = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("a [dependencies] section");
    let section = section.split("\n[").next().unwrap();
    let names: Vec<&str> = section
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split('=').next().map(str::trim))
        .collect();
    assert!(
        names.contains(&"serde"),
        "parsed the wrong section: {names:?}"
    );
    for name in names {
        let web = ["web-sys", "js-sys", "wasm-bindgen", "gloo", "leptos"]
            .iter()
            .any(|w| name.starts_with(w));
        assert!(
            !web,
            "cognito-auth depends on {name}: the core must stay pure"
        );
    }
}

#[test]
fn the_wasm_build_has_no_heavy_crypto_or_http_crates() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "cognito-portal",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            // Proc-macros run on the host at compile time and never reach the binary
            // (leptos' wasm_split_macros uses sha2 that way).
            "normal,no-proc-macro",
            "--prefix",
            "none",
            "--locked",
        ])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    assert!(
        tree.lines().any(|l| l.starts_with("leptos ")),
        "the tree looks wrong:\n{tree}"
    );
    for banned in ["reqwest", "rsa", "jsonwebtoken", "sha2", "ring", "openssl"] {
        let hit = tree
            .lines()
            .find(|line| line.split_whitespace().next() == Some(banned));
        assert!(hit.is_none(), "`{banned}` is in the wasm dependency tree ({hit:?}): use the browser's fetch and WebCrypto");
    }
}

#[test]
fn index_html_has_no_inline_script_and_the_loader_hook_is_wired() {
    let html = std::fs::read_to_string(root().join("index.html")).unwrap();
    assert!(
        !html.contains("<script"),
        "index.html must not carry inline scripts (CSP)"
    );
    let trunk = std::fs::read_to_string(root().join("Trunk.toml")).unwrap();
    assert!(
        trunk.contains("scripts/externalize_loader.py"),
        "Trunk.toml must move the inline loader to a file"
    );
    assert!(
        trunk.contains("offline = true"),
        "Trunk must never download tools"
    );
}

#[test]
fn the_local_server_csp_is_strict() {
    let server = std::fs::read_to_string(root().join("scripts/serve.py")).unwrap();
    // The policy is a list of string literals, one directive each.
    let directives: Vec<&str> = server
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"') || l.starts_with("f\""))
        .filter(|l| l.contains("-src ") || l.contains("frame-ancestors"))
        .collect();
    assert!(
        directives.len() >= 5,
        "could not find the policy: {directives:?}"
    );
    assert!(directives.contains(&"\"script-src 'self' 'wasm-unsafe-eval'\","));
    for directive in directives {
        assert!(
            !directive.contains("unsafe-inline"),
            "CSP allows inline code: {directive}"
        );
    }
}
