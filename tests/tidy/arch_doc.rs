//! Reads ARCHITECTURE.md and checks that what it names exists, so the map cannot rot.
//!
//! The document is read generically, by these conventions:
//! - A section runs from its `## ` heading to the next one; a bullet (`- ` at the start of a
//!   line) continues on its indented lines.
//! - In the **Code map**, names in backticks outside parentheses are the things mapped: a folder
//!   (`crates/x/src/`, which the next names are relative to), a file (`deploy.py`), a module
//!   (`protocol/config`, `error`: `<name>.rs`, `<name>/mod.rs` or a folder `<name>/`), a Rust path
//!   (`routes::handle`), or a crate of the workspace (`cognito-auth`). Names inside the
//!   parentheses that follow one of them belong to it: for a file or module they must occur in
//!   its source (a Rust path must be defined there); for a folder, each must be a module in it or
//!   an item defined under it.
//! - In **Architecture invariants**, the tests it names: `tidy.rs::name` (a function in that
//!   file), `module::tests::name` (a function of that module), any other Rust path, spec files
//!   (`x.spec.ts`) and test files (`tidy.rs`, `tests/web.rs`). Other paths there are prose.
//!
//! Text that is not a name (`"[admins customers]"`, `/me`, `boot-<hash>.js`) is skipped where
//! it cannot be looked up, and searched for verbatim inside a file or module it belongs to.

use crate::source_tree::{
    anywhere, defines, is_ident, is_rust_file, mentions, module, rust_files, Tree,
};
use std::path::PathBuf;

/// The text of the `## heading` section, or `None` when the document has no such section.
pub fn section(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(&format!("\n## {heading}"))?;
    let body = &doc[start + 1..];
    let body = body.split_once('\n').map_or("", |(_, rest)| rest);
    Some(body.split("\n## ").next().unwrap_or("").to_owned())
}

/// The section's bullets, each with its continuation lines joined.
pub fn bullets(section: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in section.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            out.push(item.to_owned());
        } else if line.starts_with(' ') && !line.trim().is_empty() {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        }
    }
    out
}

/// The backticked names of a bullet, each with how deep in parentheses it stands.
pub fn names(bullet: &str) -> Vec<(String, usize)> {
    let (mut out, mut depth, mut code) = (Vec::new(), 0usize, None::<String>);
    for c in bullet.chars() {
        match (&mut code, c) {
            (Some(text), '`') => {
                out.push((std::mem::take(text), depth));
                code = None;
            }
            (Some(text), c) => text.push(c),
            (None, '`') => code = Some(String::new()),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, _) => {}
        }
    }
    out
}

/// What the names that follow belong to: a folder, or the files of one module or file.
#[derive(Clone)]
enum Owner {
    Dir(PathBuf),
    Files(Vec<PathBuf>),
    /// A name that failed: what follows it in parentheses is not checked (one error, not ten).
    Missing,
}

/// A name was looked up (and what the names in parentheses after it belong to), or is prose.
enum Outcome {
    Checked(Option<Owner>),
    Skipped,
}

const EXTENSIONS: [&str; 10] = [
    ".rs", ".py", ".sh", ".yaml", ".yml", ".toml", ".ts", ".md", ".json", ".html",
];

/// An identifier, or a crate name with dashes.
fn is_name(s: &str) -> bool {
    is_ident(&s.replace('-', "_"))
}

fn is_path(s: &str) -> bool {
    let plain = !s.starts_with(['/', '-', '.', '…']) && !s.contains([' ', '<', '"', '\'', '*']);
    plain && (s.contains('/') || EXTENSIONS.iter().any(|e| s.ends_with(e)))
}

impl Tree {
    /// Resolves `a::b::C::d` from a folder or within files; returns the innermost module's files.
    fn rust_path(&self, path: &str, start: &Owner) -> Result<Vec<PathBuf>, String> {
        let mut segs: Vec<&str> = path.split("::").take_while(|s| *s != "*").collect();
        let mut owner = start.clone();
        if let Some(dir) = segs.first().and_then(|s| self.crate_dir(s)) {
            owner = Owner::Dir(dir.join("src"));
            segs.remove(0);
        }
        if let Some(file) = segs.first().filter(|s| is_rust_file(s)) {
            owner = Owner::Files(vec![self.file(file, &self.root)?]);
            segs.remove(0);
        }
        let mut folder: Option<PathBuf> = None;
        while let [seg, _, ..] = segs.as_slice() {
            let seg = *seg;
            if !seg.starts_with(char::is_lowercase) {
                break;
            }
            let found = match (&owner, &folder) {
                (Owner::Dir(dir), _) => module(dir, seg).or_else(|| anywhere(dir, seg)),
                (Owner::Files(_), Some(f)) => module(f, seg),
                (Owner::Files(files), None) => defines(files, seg).then(|| (files.clone(), None)),
                (Owner::Missing, _) => None,
            };
            let Some((files, sub)) = found else {
                return Err(format!("no module `{seg}` for `{path}`"));
            };
            (owner, folder) = (Owner::Files(files), sub);
            segs.remove(0);
        }
        let scope = match &owner {
            Owner::Dir(dir) => rust_files(dir),
            Owner::Files(files) => files.clone(),
            Owner::Missing => Vec::new(),
        };
        let crate_wide = self.crate_files(scope.first());
        for (i, seg) in segs.iter().enumerate() {
            let found = defines(&scope, seg) || (i > 0 && defines(&crate_wide, seg));
            if !found {
                return Err(format!("`{seg}` of `{path}` is not defined where it says"));
            }
        }
        Ok(scope)
    }

    /// Checks one name of the Code map.
    fn map_name(
        &self,
        name: &str,
        depth: usize,
        dir: &mut PathBuf,
        owner: &Owner,
    ) -> Result<Outcome, String> {
        use Outcome::{Checked, Skipped};
        let here = if depth == 0 {
            Owner::Dir(dir.clone())
        } else {
            owner.clone()
        };
        match &here {
            Owner::Missing => Ok(Skipped),
            Owner::Files(files) if !is_path(name) && !name.contains("::") => mentions(files, name)
                .then_some(Checked(None))
                .ok_or_else(|| format!("`{name}` does not occur in {files:?}")),
            _ if name.ends_with('/') => {
                let found = [self.root.join(name), dir.join(name)]
                    .into_iter()
                    .find(|d| d.is_dir());
                let found = found.ok_or_else(|| format!("folder `{name}` does not exist"))?;
                if depth == 0 {
                    dir.clone_from(&found);
                }
                Ok(Checked(Some(Owner::Dir(found))))
            }
            _ if name.contains("::") => self
                .rust_path(name, &here)
                .map(|f| Checked(Some(Owner::Files(f)))),
            Owner::Dir(d) if is_path(name) => match module(d, name) {
                Some((files, _)) => Ok(Checked(Some(Owner::Files(files)))),
                None => self
                    .file(name, d)
                    .map(|f| Checked(Some(Owner::Files(vec![f])))),
            },
            Owner::Dir(d) if is_name(name) => {
                if let Some(krate) = self.crate_dir(name) {
                    dir.clone_from(krate);
                    return Ok(Checked(Some(Owner::Dir(krate.clone()))));
                }
                if let Some((files, _)) = module(d, name) {
                    return Ok(Checked(Some(Owner::Files(files))));
                }
                let sources = rust_files(d);
                if sources.is_empty() {
                    return Ok(Skipped); // deploy/, scripts/: words, not Rust names
                }
                (defines(&sources, name) || self.is_dependency(d, name))
                    .then_some(Checked(None))
                    .ok_or_else(|| {
                        format!(
                            "`{name}` is no module, item or dependency under {}",
                            d.display()
                        )
                    })
            }
            _ => Ok(Skipped),
        }
    }

    /// Checks every name of the Code map; returns how many were checked, and the failures.
    pub fn check_code_map(&self, section: &str) -> (usize, Vec<String>) {
        let (mut checked, mut errors) = (0, Vec::new());
        for bullet in bullets(section) {
            let (mut dir, mut owner) = (self.root.clone(), Owner::Dir(self.root.clone()));
            for (name, depth) in names(&bullet) {
                match self.map_name(&name, depth, &mut dir, &owner) {
                    Ok(Outcome::Checked(next)) => {
                        checked += 1;
                        if let (0, Some(next)) = (depth, next) {
                            owner = next;
                        }
                    }
                    Ok(Outcome::Skipped) => {}
                    Err(e) => {
                        errors.push(e);
                        if depth == 0 {
                            owner = Owner::Missing;
                        }
                    }
                }
            }
        }
        (checked, errors)
    }

    /// Checks every test, Rust path and spec file that the invariants name.
    pub fn check_invariants(&self, section: &str) -> (usize, Vec<String>) {
        let (mut checked, mut errors) = (0, Vec::new());
        for (name, _) in bullets(section).iter().flat_map(|b| names(b)) {
            let result = if name.contains("::") && !name.contains(' ') && !name.starts_with('…') {
                self.rust_path(&name, &Owner::Dir(self.root.clone()))
                    .map(drop)
            } else if name.ends_with(".spec.ts")
                || (is_rust_file(&name) && (!name.contains('/') || name.starts_with("tests/")))
            {
                self.file(&name, &self.root).map(drop)
            } else {
                continue;
            };
            checked += 1;
            if let Err(e) = result {
                errors.push(e);
            }
        }
        (checked, errors)
    }
}
