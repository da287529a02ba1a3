//! Looks things up in the workspace's source tree for the architecture checks (`arch_doc.rs`).

use std::path::{Path, PathBuf};

/// The workspace as the checks see it: its root and its crates (name, folder).
pub struct Tree {
    pub(crate) root: PathBuf,
    crates: Vec<(String, PathBuf)>,
}

impl Tree {
    pub fn new(root: &Path) -> Tree {
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        let members = manifest
            .split("members = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .expect("[workspace] members");
        let crates = members
            .split(',')
            .map(|m| m.trim().trim_matches('"'))
            .filter(|m| !m.is_empty())
            .map(|member| {
                let dir = root.join(member);
                let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
                let name = text
                    .lines()
                    .find_map(|l| l.strip_prefix("name = "))
                    .map(|n| n.trim_matches('"').to_owned())
                    .expect("a package name");
                (name, dir)
            })
            .collect();
        Tree {
            root: root.to_owned(),
            crates,
        }
    }

    /// The folder of the workspace crate called `name` (`-` and `_` alike).
    pub(crate) fn crate_dir(&self, name: &str) -> Option<&PathBuf> {
        let wanted = name.replace('_', "-");
        self.crates
            .iter()
            .find(|(n, _)| *n == wanted)
            .map(|(_, dir)| dir)
    }

    /// Whether the crate that owns `dir` (nearest `Cargo.toml` above it) depends on `name`.
    pub(crate) fn is_dependency(&self, dir: &Path, name: &str) -> bool {
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| d.starts_with(&self.root)) {
            if let Ok(manifest) = std::fs::read_to_string(d.join("Cargo.toml")) {
                let (dash, under) = (name.replace('_', "-"), name.replace('-', "_"));
                return manifest.lines().any(|l| {
                    let key = l.split('=').next().unwrap_or("").trim();
                    key == dash || key == under
                });
            }
            at = d.parent();
        }
        false
    }
}

/// Every `.rs` file under `dir`, leaving out build output, dependencies and hidden folders.
pub(crate) fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !(name.starts_with('.') || ["target", "node_modules", "dist"].contains(&&*name)) {
                files.extend(rust_files(&path));
            }
        } else if is_rust_file(&name) {
            files.push(path);
        }
    }
    files
}

/// A Rust identifier.
pub(crate) fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Modules called `name` anywhere under `dir` (the invariants name tests by module only).
pub(crate) fn anywhere(dir: &Path, name: &str) -> Option<(Vec<PathBuf>, Option<PathBuf>)> {
    let files: Vec<PathBuf> = rust_files(dir)
        .into_iter()
        .filter(|f| {
            let stem = f.file_stem().unwrap().to_string_lossy();
            stem == name
                || stem == format!("{name}_tests")
                || f.components().any(|c| c.as_os_str() == name)
        })
        .collect();
    (!files.is_empty()).then_some((files, None))
}

/// A file name ending in `.rs`.
pub(crate) fn is_rust_file(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "rs")
}

/// A module in `dir` (or in `dir/src` for a crate folder): its files, and its folder if any.
pub(crate) fn module(dir: &Path, name: &str) -> Option<(Vec<PathBuf>, Option<PathBuf>)> {
    for base in [dir.to_owned(), dir.join("src")] {
        let (file, folder) = (base.join(format!("{name}.rs")), base.join(name));
        let mut files = rust_files(&folder);
        if file.is_file() {
            files.push(file.clone());
            let tests = base.join(format!("{name}_tests.rs"));
            if tests.is_file() {
                files.push(tests);
            }
        }
        if !files.is_empty() {
            return Some((files, folder.is_dir().then_some(folder)));
        }
    }
    None
}

/// Whether one of `files` defines `name` (a function, type, module, constant or enum variant).
pub(crate) fn defines(files: &[PathBuf], name: &str) -> bool {
    let keywords = [
        "fn", "struct", "enum", "trait", "type", "union", "const", "static", "mod",
    ];
    let variant = name.starts_with(char::is_uppercase);
    files.iter().any(|f| {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        text.lines().any(|line| {
            let words: Vec<&str> = line
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '!'))
                .filter(|w| !w.is_empty())
                .collect();
            let defined = words.windows(2).any(|pair| match pair {
                [keyword, word] => {
                    (keywords.contains(keyword) || *keyword == "macro_rules!") && *word == name
                }
                _ => false,
            });
            let trimmed = line.trim_start();
            let is_variant = variant
                && trimmed
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['(', '{', ',', ' ']));
            defined || is_variant
        })
    })
}

/// Whether `text` occurs in one of `files`: as a whole word when it is an identifier.
pub(crate) fn mentions(files: &[PathBuf], text: &str) -> bool {
    files.iter().any(|f| {
        let source = std::fs::read_to_string(f).unwrap_or_default();
        source.match_indices(text).any(|(at, _)| {
            let word = |c: char| c.is_alphanumeric() || c == '_';
            let before = source[..at].chars().next_back();
            let after = source[at + text.len()..].chars().next();
            !is_ident(text) || !(before.is_some_and(word) || after.is_some_and(word))
        })
    })
}

impl Tree {
    pub(crate) fn crate_files(&self, file: Option<&PathBuf>) -> Vec<PathBuf> {
        let owner = file.and_then(|f| {
            self.crates
                .iter()
                .filter(|(_, dir)| f.starts_with(dir))
                .max_by_key(|(_, dir)| dir.components().count())
        });
        owner.map_or_else(Vec::new, |(_, dir)| rust_files(dir))
    }

    /// A file named by a path from the root or from `dir`, or by a unique path ending.
    pub(crate) fn file(&self, name: &str, dir: &Path) -> Result<PathBuf, String> {
        for candidate in [self.root.join(name), dir.join(name)] {
            if candidate.exists() {
                return Ok(candidate);
            }
        }
        let mut all = rust_files(&self.root);
        all.extend(spec_files(&self.root.join("tests")));
        let hits: Vec<PathBuf> = all.into_iter().filter(|f| f.ends_with(name)).collect();
        match hits.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(format!("`{name}` does not exist")),
            many => Err(format!("`{name}` is ambiguous: {many:?}")),
        }
    }
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && name != "node_modules" {
            out.extend(spec_files(&path));
        } else if name.ends_with(".spec.ts") {
            out.push(path);
        }
    }
    out
}
