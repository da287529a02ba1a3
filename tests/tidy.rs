//! Architecture and security invariants, checked as plain tests (rust-analyzer's "tidy" idea).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "tidy/arch_doc.rs"]
mod arch_doc;
#[path = "tidy/source_tree.rs"]
mod source_tree;

use source_tree::rust_files;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// The Rust sources that run in the browser: the portal (`src/`) and every crate under
/// `crates/` (its `src/` and `examples/`), so a new crate or example is scanned without edits.
fn app_sources() -> Vec<(String, String)> {
    let mut files = rust_files(&root().join("src"));
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let krate = entry.unwrap().path();
        files.extend(rust_files(&krate.join("src")));
        files.extend(rust_files(&krate.join("examples")));
    }
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|path| (relative(path), std::fs::read_to_string(path).unwrap()))
        .collect();
    // The scans below prove absences: make sure they read what they are meant to read.
    for scanned in [
        "src/",
        "crates/cognito-auth/src/",
        "crates/leptos-cognito/src/",
    ] {
        assert!(
            sources.iter().any(|(path, _)| path.starts_with(scanned)),
            "the scan misses {scanned}"
        );
    }
    sources
}

/// The one file allowed to use Web Storage: the PKCE verifier, `state`, `nonce` and return
/// path of one sign-in round trip, in sessionStorage.
const PENDING_STORE: &str = "crates/leptos-cognito/src/pending_store.rs";

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
    let sources = app_sources();
    let store = sources.iter().find(|(path, _)| path == PENDING_STORE);
    assert!(
        store.is_some_and(|(_, text)| text.contains("session_storage")),
        "{PENDING_STORE} is gone or no longer uses sessionStorage: update the exception"
    );
    for (path, text) in sources {
        for word in forbidden {
            let allowed = path == PENDING_STORE && word == "session_storage";
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

/// `cargo tree` for the browser build of `package`, one crate per line.
fn wasm_tree(package: &str, edges: &str) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "-p", package, "--target", "wasm32-unknown-unknown"])
        .args(["-e", edges, "--prefix", "none", "--locked"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn crate_names(tree: &str) -> Vec<&str> {
    tree.lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

#[test]
fn the_core_has_no_web_dependency() {
    // Every target (a `[target.'cfg(…)'.dependencies]` section too), transitively; no dev edges.
    let output = Command::new(env!("CARGO"))
        .args(["tree", "-p", "cognito-auth", "--target", "all"])
        .args(["-e", "normal,build", "--prefix", "none", "--locked"])
        .current_dir(root())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let names = crate_names(&tree);
    assert!(names.contains(&"serde"), "the tree looks wrong:\n{tree}");
    for name in names {
        let web = [
            "web-sys",
            "js-sys",
            "wasm-bindgen",
            "gloo",
            "leptos",
            "web-",
        ]
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
    // The portal's binary, and the library with its dev-dependencies: they reach its examples
    // (built for wasm32 by scripts/test.sh). Proc-macros run on the host and never reach a
    // binary (leptos' wasm_split_macros uses sha2 that way). Host-only dev-dependencies belong
    // under [target.'cfg(not(target_arch = "wasm32"))'.dev-dependencies].
    let builds = [
        ("cognito-portal", "normal,no-proc-macro"),
        ("leptos-cognito", "normal,dev,no-proc-macro"),
    ];
    let banned = [
        "reqwest",
        "rsa",
        "jsonwebtoken",
        "jwt-simple",
        "josekit",
        "sha1",
        "sha2",
        "sha3",
        "hmac",
        "ring",
        "aws-lc-rs",
        "openssl",
        "hyper",
        "ureq",
    ];
    for (package, edges) in builds {
        let tree = wasm_tree(package, edges);
        let names = crate_names(&tree);
        assert!(names.contains(&"leptos"), "the tree looks wrong:\n{tree}");
        for banned in banned {
            assert!(
                !names.contains(&banned),
                "`{banned}` is in the wasm dependency tree of {package} ({edges}): use the browser's fetch and WebCrypto"
            );
        }
    }
}

/// Files over the limit today, each with why. The list may only shrink (`lifecycle.rs`,
/// `signed_in.rs`, `checklist.rs` and `config.rs` have left it): a file that is no longer over,
/// or is gone, must leave it too, and this test says so, so the list cannot outlive the files.
const OVER_400_LINES: &[(&str, &str)] = &[];

#[test]
fn no_rust_file_is_over_400_lines() {
    let mut over = Vec::new();
    for path in rust_files(&root()) {
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        if lines > 400 {
            over.push((relative(&path), lines));
        }
    }
    let unlisted: Vec<_> = over
        .iter()
        .filter(|(path, _)| !OVER_400_LINES.iter().any(|(listed, _)| listed == path))
        .collect();
    let stale: Vec<_> = OVER_400_LINES
        .iter()
        .map(|(listed, _)| *listed)
        .filter(|listed| !over.iter().any(|(path, _)| path == listed))
        .collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "over 400 lines: {unlisted:?}: split them (tests beside the code in their own file).\n\
         No longer over 400 lines, or gone: {stale:?}: remove them from OVER_400_LINES in tests/tidy.rs."
    );
}

fn architecture_section(heading: &str) -> String {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let section = arch_doc::section(&doc, heading);
    section
        .expect("ARCHITECTURE.md has its `## Code map` and `## Architecture invariants` sections")
}

#[test]
fn the_architecture_code_map_names_what_exists() {
    let tree = source_tree::Tree::new(&root());
    let (checked, errors) = tree.check_code_map(&architecture_section("Code map"));
    assert!(
        errors.is_empty(),
        "ARCHITECTURE.md's code map names what does not exist:\n{}",
        errors.join("\n")
    );
    assert!(
        checked >= 30,
        "only {checked} names checked: is the code map still read right?"
    );
}

#[test]
fn the_architecture_invariants_name_tests_that_exist() {
    let tree = source_tree::Tree::new(&root());
    let (checked, errors) = tree.check_invariants(&architecture_section("Architecture invariants"));
    assert!(
        errors.is_empty(),
        "ARCHITECTURE.md's invariants name tests that do not exist:\n{}",
        errors.join("\n")
    );
    assert!(
        checked >= 5,
        "only {checked} tests checked: are the invariants still read right?"
    );
}

/// The files whose split points (`wasm_split`) need `allow(unsafe_code)` for the extern blocks
/// the macro generates; the workspace denies unsafe code everywhere else.
const SPLIT_POINT_FILES: [&str; 1] = ["src/chunks/mod.rs"];

#[test]
fn unsafe_code_is_allowed_only_at_the_split_points() {
    let mut allowed = 0;
    for (path, text) in app_sources() {
        let allows = text
            .replace(char::is_whitespace, "")
            .contains("allow(unsafe_code");
        if SPLIT_POINT_FILES.contains(&path.as_str()) {
            allowed += usize::from(allows);
            continue;
        }
        assert!(
            !allows,
            "{path} allows unsafe code; only the split points may"
        );
        assert!(
            !text.contains("unsafe {")
                && !text.contains("unsafe fn")
                && !text.contains("wasm_split("),
            "{path} has unsafe code or a split point outside {SPLIT_POINT_FILES:?}"
        );
    }
    assert_eq!(
        allowed,
        SPLIT_POINT_FILES.len(),
        "a split-point file lost its allow"
    );
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
        trunk.contains("scripts/post_build.py"),
        "Trunk.toml must run the post-build hook"
    );
    let hook = std::fs::read_to_string(root().join("scripts/post_build.py")).unwrap();
    assert!(
        hook.contains("split_wasm.main()") && hook.contains("externalize_loader.main()"),
        "the hook must split the wasm and move the inline loader to a file"
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
