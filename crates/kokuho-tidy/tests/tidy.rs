//! Tidiness checks (整頓) over the workspace's Rust sources, run as ordinary tests.
//!
//! Modelled on rust-analyzer's `xtask/src/tidy.rs`: each check walks `crates/*/{src,tests,benches,examples}`
//! and fails with the list of offending files (and lines), so a plain `cargo test -p kokuho-tidy` keeps the
//! tree tidy without a separate tool.
//!
//! The import-circle check uses a small hand-written scanner instead of a parser: it strips comments and
//! string/char literals, follows `mod x;` declarations from every crate root to map module paths to files, and
//! collects `use` trees and `crate::`/`super::`/`self::`/`child::` paths as edges between files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The longest line allowed, in `char`s: the `max_width` of the workspace's `rustfmt.toml`.
const MAX_LINE_CHARS: usize = 120;

/// The folders of a crate that hold Rust sources.
const SOURCE_DIRS: [&str; 4] = ["src", "tests", "benches", "examples"];

// ---------------------------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn every_file_starts_with_a_module_doc_comment() {
    let missing: Vec<String> = source_files()
        .into_iter()
        .filter(|file| !file.text.starts_with("//!"))
        .map(|file| file.rel)
        .collect();
    assert!(
        missing.is_empty(),
        "{} file(s) do not start with a `//!` module doc comment:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn no_line_is_longer_than_the_rustfmt_width() {
    let mut long = Vec::new();
    for file in source_files() {
        for (index, line) in file.text.lines().enumerate() {
            let chars = line.chars().count();
            if chars > MAX_LINE_CHARS {
                long.push(format!("{}:{}: {chars} chars", file.rel, index + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "{} line(s) are longer than {MAX_LINE_CHARS} chars:\n{}",
        long.len(),
        long.join("\n")
    );
}

#[test]
fn no_import_circles_between_files() {
    let circles = import_circles(&workspace_root());
    let mut report = String::new();
    for circle in &circles {
        report.push_str(&format!("\n{} files:\n", circle.files.len()));
        for file in &circle.files {
            report.push_str(&format!("    {file}\n"));
        }
        for (from, to, witness) in &circle.edges {
            report.push_str(&format!("      {from} -> {to}  ({witness})\n"));
        }
    }
    assert!(
        circles.is_empty(),
        "{} import circle(s) between source files:{report}",
        circles.len()
    );
}

/// The scanner's own cases: small trees written to a temporary folder.
#[test]
fn the_circle_scanner_finds_parent_child_and_sibling_circles() {
    let root = std::env::temp_dir().join(format!("kokuho-tidy-{}", std::process::id()));
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create the folder");
        fs::write(path, text).expect("write the file");
    };
    write(
        "crates/a/src/lib.rs",
        "//! a\nmod authz;\nmod error;\nmod free;\npub use error::Error;\n\
         #[cfg(test)]\nmod tests { use crate::free::*; }\n",
    );
    write(
        "crates/a/src/authz.rs",
        "//! authz\nuse crate::error::Error;\npub struct Role;\n",
    );
    write(
        "crates/a/src/error.rs",
        "//! error\n/* crate::free::X */\npub enum Error { Denied(super::authz::Role) }\n\
         const S: &str = \"crate::free::Y\";\n",
    );
    write(
        "crates/a/src/free.rs",
        "//! free\npub fn f() -> crate::Error { todo() }\nmod inner;\npub use inner::g;\n",
    );
    write(
        "crates/a/src/free/inner.rs",
        "//! inner\nuse super::f;\npub fn g() {}\n",
    );
    write("crates/a/tests/t.rs", "//! t\nmod helper;\n");
    write("crates/a/tests/helper.rs", "//! helper\nuse super::*;\n");

    let circles = import_circles(&root);
    let _ = fs::remove_dir_all(&root);

    let files: Vec<Vec<String>> = circles.iter().map(|circle| circle.files.clone()).collect();
    assert_eq!(
        files,
        vec![
            vec!["crates/a/src/authz.rs".to_owned(), "crates/a/src/error.rs".to_owned()],
            vec![
                "crates/a/src/free.rs".to_owned(),
                "crates/a/src/free/inner.rs".to_owned()
            ],
        ],
        "{circles:#?}"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Walking the tree
// ---------------------------------------------------------------------------------------------------------------

struct SourceFile {
    /// The path relative to the workspace root, with `/` separators.
    rel: String,
    text: String,
}

fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn source_files() -> Vec<SourceFile> {
    source_files_under(&workspace_root())
}

fn source_files_under(root: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    for krate in sorted_entries(&root.join("crates")) {
        for dir in SOURCE_DIRS {
            collect_rs_files(&krate.join(dir), &mut paths);
        }
    }
    paths
        .into_iter()
        .map(|path| {
            // An unreadable file reads as empty, and so fails the doc comment check.
            let text = fs::read(&path)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            SourceFile {
                rel: relative(root, &path),
                text,
            }
        })
        .collect()
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect(),
        Err(_) => Vec::new(),
    };
    entries.sort();
    entries
}

fn collect_rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for path in sorted_entries(dir) {
        if path.is_dir() {
            collect_rs_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

// ---------------------------------------------------------------------------------------------------------------
// Import circles
// ---------------------------------------------------------------------------------------------------------------

/// A strongly connected component of more than one file, with the edges inside it and, for each edge, one of the
/// paths that made it.
#[derive(Debug)]
struct Circle {
    files: Vec<String>,
    edges: Vec<(String, String, String)>,
}

/// Files import each other in a circle when they form a strongly connected component of the graph whose nodes are
/// the files of each crate target (tests/ excluded) and whose edges are `use` items and paths in code, outside
/// `#[cfg(test)]` items. A reference to an item maps to the file of the innermost module that holds it; a
/// reference through a `use` re-export is followed to where the re-export points.
fn import_circles(root: &Path) -> Vec<Circle> {
    let mut graph = Graph::default();
    for krate in sorted_entries(&root.join("crates")) {
        for crate_root in crate_roots(&krate) {
            let tree = ModuleTree::load(root, &crate_root);
            tree.add_edges(&mut graph);
        }
    }
    graph.circles()
}

/// The root files of a crate's targets, other than its tests.
fn crate_roots(krate: &Path) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for name in ["src/lib.rs", "src/main.rs"] {
        let path = krate.join(name);
        if path.is_file() {
            roots.push(path);
        }
    }
    for dir in ["src/bin", "benches", "examples"] {
        for path in sorted_entries(&krate.join(dir)) {
            if path.is_dir() {
                let main = path.join("main.rs");
                if main.is_file() {
                    roots.push(main);
                }
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                roots.push(path);
            }
        }
    }
    roots
}

#[derive(Default)]
struct Graph {
    /// from → to → one witness path
    edges: BTreeMap<String, BTreeMap<String, String>>,
}

impl Graph {
    fn add(&mut self, from: &str, to: &str, witness: &str) {
        if from != to {
            self.edges
                .entry(from.to_owned())
                .or_default()
                .entry(to.to_owned())
                .or_insert_with(|| witness.to_owned());
        }
    }

    /// Tarjan's strongly connected components, those of more than one file, sorted.
    fn circles(&self) -> Vec<Circle> {
        let mut nodes: BTreeSet<&str> = BTreeSet::new();
        for (from, tos) in &self.edges {
            nodes.insert(from);
            nodes.extend(tos.keys().map(String::as_str));
        }
        let mut tarjan = Tarjan {
            graph: Some(self),
            ..Tarjan::default()
        };
        for node in nodes {
            if !tarjan.index.contains_key(node) {
                tarjan.visit(node);
            }
        }
        let mut circles: Vec<Circle> = tarjan
            .components
            .into_iter()
            .filter(|component| component.len() > 1)
            .map(|mut files| {
                files.sort();
                let mut edges = Vec::new();
                for from in &files {
                    for (to, witness) in self.edges.get(from).into_iter().flatten() {
                        if files.contains(to) {
                            edges.push((from.clone(), to.clone(), witness.clone()));
                        }
                    }
                }
                Circle { files, edges }
            })
            .collect();
        circles.sort_by(|a, b| a.files.cmp(&b.files));
        circles
    }
}

#[derive(Default)]
struct Tarjan<'g> {
    graph: Option<&'g Graph>,
    next: usize,
    index: BTreeMap<String, usize>,
    low: BTreeMap<String, usize>,
    stack: Vec<String>,
    on_stack: BTreeSet<String>,
    components: Vec<Vec<String>>,
}

impl Tarjan<'_> {
    fn visit(&mut self, node: &str) {
        self.index.insert(node.to_owned(), self.next);
        self.low.insert(node.to_owned(), self.next);
        self.next += 1;
        self.stack.push(node.to_owned());
        self.on_stack.insert(node.to_owned());
        let successors: Vec<String> = self
            .graph
            .and_then(|graph| graph.edges.get(node))
            .map(|tos| tos.keys().cloned().collect())
            .unwrap_or_default();
        for next in successors {
            if !self.index.contains_key(&next) {
                self.visit(&next);
                let low = self.low[node].min(self.low[&next]);
                self.low.insert(node.to_owned(), low);
            } else if self.on_stack.contains(&next) {
                let low = self.low[node].min(self.index[&next]);
                self.low.insert(node.to_owned(), low);
            }
        }
        if self.low[node] == self.index[node] {
            let mut component = Vec::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack.remove(&top);
                let done = top == node;
                component.push(top);
                if done {
                    break;
                }
            }
            self.components.push(component);
        }
    }
}

/// One module: the file that holds it, its child modules, and the names its `use` items bring in.
#[derive(Default)]
struct Module {
    file: String,
    children: BTreeSet<String>,
    /// name → (path as written, the module it was written in)
    imports: BTreeMap<String, (Vec<String>, Vec<String>)>,
}

/// The modules of one crate target, found by following `mod x;` from its root file.
struct ModuleTree {
    modules: BTreeMap<Vec<String>, Module>,
    /// Every reference found: (file, module it was written in, path as written).
    references: Vec<(String, Vec<String>, Vec<String>)>,
}

impl ModuleTree {
    fn load(root: &Path, crate_root: &Path) -> ModuleTree {
        let mut tree = ModuleTree {
            modules: BTreeMap::new(),
            references: Vec::new(),
        };
        let rel = relative(root, crate_root);
        tree.modules.insert(
            Vec::new(),
            Module {
                file: rel,
                ..Module::default()
            },
        );
        let mut queue: Vec<(PathBuf, Vec<String>, bool)> = vec![(crate_root.to_path_buf(), Vec::new(), true)];
        while let Some((path, module_path, is_root)) = queue.pop() {
            let Ok(text) = fs::read_to_string(&path) else { continue };
            let file = relative(root, &path);
            let scan = scan(&lex(&text));
            let child_dir = match path.file_name().and_then(|name| name.to_str()) {
                Some("mod.rs") | Some("lib.rs") | Some("main.rs") => path.parent().map(Path::to_path_buf),
                _ if is_root => path.parent().map(Path::to_path_buf),
                _ => path.with_extension("").into(),
            };
            let Some(child_dir) = child_dir else { continue };
            for declaration in scan.modules {
                let parent: Vec<String> = module_path.iter().chain(&declaration.inline_path).cloned().collect();
                let mut child = parent.clone();
                child.push(declaration.name.clone());
                tree.modules
                    .entry(parent)
                    .or_default()
                    .children
                    .insert(declaration.name.clone());
                if declaration.inline {
                    tree.modules.insert(
                        child,
                        Module {
                            file: file.clone(),
                            ..Module::default()
                        },
                    );
                } else {
                    let dir = declaration
                        .inline_path
                        .iter()
                        .fold(child_dir.clone(), |dir, name| dir.join(name));
                    let flat = dir.join(format!("{}.rs", declaration.name));
                    let nested = dir.join(&declaration.name).join("mod.rs");
                    let Some(found) = [flat, nested].into_iter().find(|candidate| candidate.is_file()) else {
                        continue;
                    };
                    tree.modules.insert(
                        child.clone(),
                        Module {
                            file: relative(root, &found),
                            ..Module::default()
                        },
                    );
                    queue.push((found, child, false));
                }
            }
            for leaf in scan.uses {
                let at: Vec<String> = module_path.iter().chain(&leaf.inline_path).cloned().collect();
                if !leaf.glob
                    && let Some(name) = leaf.imported_name()
                {
                    tree.modules
                        .entry(at.clone())
                        .or_default()
                        .imports
                        .insert(name, (leaf.path.clone(), at.clone()));
                }
                tree.references.push((file.clone(), at, leaf.path));
            }
            // `crate::name` of an exported macro stands for the file that defines it.
            for name in scan.exported_macros {
                let defined: Vec<String> = std::iter::once("crate".to_owned())
                    .chain(module_path.iter().cloned())
                    .chain(std::iter::once(name.clone()))
                    .collect();
                tree.modules
                    .entry(Vec::new())
                    .or_default()
                    .imports
                    .insert(name, (defined, Vec::new()));
            }
            for reference in scan.paths {
                let at: Vec<String> = module_path.iter().chain(&reference.inline_path).cloned().collect();
                tree.references.push((file.clone(), at, reference.path));
            }
        }
        tree
    }

    /// The absolute module path a path written in module `at` stands for, or `None` if it leaves the crate.
    fn absolute(&self, at: &[String], path: &[String]) -> Option<Vec<String>> {
        let (first, rest) = path.split_first()?;
        let mut absolute = match first.as_str() {
            "crate" => Vec::new(),
            "self" => at.to_vec(),
            "super" => {
                let mut base = at.to_vec();
                base.pop()?;
                base
            }
            name if self
                .modules
                .get(at)
                .is_some_and(|module| module.children.contains(name)) =>
            {
                let mut base = at.to_vec();
                base.push(name.to_owned());
                base
            }
            _ => return None,
        };
        for segment in rest {
            match segment.as_str() {
                "self" => {}
                "super" => {
                    absolute.pop()?;
                }
                _ => absolute.push(segment.clone()),
            }
        }
        Some(absolute)
    }

    /// The file that holds what an absolute path names, following `use` re-exports a few steps.
    fn file_of(&self, mut absolute: Vec<String>) -> Option<&str> {
        for _ in 0..8 {
            let depth = (0..=absolute.len())
                .rev()
                .find(|&depth| self.modules.contains_key(&absolute[..depth]))?;
            let module = &self.modules[&absolute[..depth]];
            let followed = absolute
                .get(depth)
                .and_then(|name| module.imports.get(name))
                .and_then(|(path, at)| self.absolute(at, path));
            let Some(target) = followed else {
                return Some(&module.file);
            };
            absolute = target
                .into_iter()
                .chain(absolute.iter().skip(depth + 1).cloned())
                .collect();
        }
        let depth = (0..=absolute.len())
            .rev()
            .find(|&depth| self.modules.contains_key(&absolute[..depth]))?;
        Some(&self.modules[&absolute[..depth]].file)
    }

    fn add_edges(&self, graph: &mut Graph) {
        for (file, at, path) in &self.references {
            let Some(absolute) = self.absolute(at, path) else {
                continue;
            };
            if let Some(target) = self.file_of(absolute) {
                graph.add(file, target, &path.join("::"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

fn is_ident(token: Option<&Token>, name: &str) -> bool {
    matches!(token, Some(Token::Ident(ident)) if ident == name)
}

fn is_punct(token: Option<&Token>, c: char) -> bool {
    matches!(token, Some(Token::Punct(p)) if *p == c)
}

/// Identifiers, `::` and punctuation; comments, string, char and number literals and lifetimes dropped.
fn lex(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
        } else if c == '\'' {
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                // A lifetime or a label.
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let raw = matches!(word.as_str(), "r" | "br" | "cr");
            if raw && (at(i) == '"' || at(i) == '#') {
                let mut hashes = 0;
                while at(i + hashes) == '#' {
                    hashes += 1;
                }
                if at(i + hashes) == '"' {
                    i = skip_raw_string(&chars, i + hashes + 1, hashes);
                    continue;
                }
                if word == "r" && hashes == 1 {
                    // A raw identifier, `r#type`.
                    i += 1;
                    continue;
                }
            }
            if matches!(word.as_str(), "b" | "c") && at(i) == '"' {
                i = skip_string(&chars, i + 1);
            } else if word == "b" && at(i) == '\'' {
                i += 1;
                if at(i) == '\\' {
                    i += 1;
                }
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if !start_is_digit(&word) {
                tokens.push(Token::Ident(word));
            }
        } else if c == ':' && at(i + 1) == ':' {
            tokens.push(Token::PathSep);
            i += 2;
        } else {
            tokens.push(Token::Punct(c));
            i += 1;
        }
    }
    tokens
}

fn start_is_digit(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The index after the closing `"` of a string whose body starts at `i`.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The index after the closing `"#…#` of a raw string whose body starts at `i`.
fn skip_raw_string(chars: &[char], mut i: usize, hashes: usize) -> usize {
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// `mod name;` or `mod name { … }`, inside the inline modules `inline_path`.
struct ModDeclaration {
    inline_path: Vec<String>,
    name: String,
    inline: bool,
}

/// One leaf of a `use` tree.
struct UseLeaf {
    inline_path: Vec<String>,
    path: Vec<String>,
    alias: Option<String>,
    glob: bool,
}

impl UseLeaf {
    fn imported_name(&self) -> Option<String> {
        if let Some(alias) = &self.alias {
            return (alias != "_").then(|| alias.clone());
        }
        let mut segments = self.path.iter().rev().filter(|segment| *segment != "self");
        segments
            .next()
            .filter(|name| !matches!(name.as_str(), "crate" | "super"))
            .cloned()
    }
}

/// A path in code (not in a `use`) that starts with `crate`, `super`, `self` or some other name.
struct CodePath {
    inline_path: Vec<String>,
    path: Vec<String>,
}

struct Scan {
    modules: Vec<ModDeclaration>,
    uses: Vec<UseLeaf>,
    paths: Vec<CodePath>,
    /// `#[macro_export] macro_rules! name`: the language puts these at the crate root.
    exported_macros: Vec<String>,
}

/// Module declarations, `use` trees and paths of one file, skipping items under `#[cfg(test)]`.
fn scan(tokens: &[Token]) -> Scan {
    let mut scan = Scan {
        modules: Vec::new(),
        uses: Vec::new(),
        paths: Vec::new(),
        exported_macros: Vec::new(),
    };
    // The inline modules we are in, with the brace depth of their body.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    let inline_path = |inline: &Vec<(String, usize)>| inline.iter().map(|(name, _)| name.clone()).collect();
    while i < tokens.len() {
        let token = &tokens[i];
        match token {
            Token::Punct('#') if is_cfg_test(tokens, i) => {
                i = skip_item(tokens, i);
            }
            Token::Punct('#') if is_exported_macro(tokens, i) => {
                if let Some(Token::Ident(name)) = tokens.get(i + 6) {
                    scan.exported_macros.push(name.clone());
                }
                i += 7;
            }
            Token::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Token::Punct('}') => {
                if inline.last().is_some_and(|(_, body)| *body == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Token::Ident(keyword) if keyword == "mod" => {
                let Some(Token::Ident(name)) = tokens.get(i + 1) else {
                    i += 1;
                    continue;
                };
                let is_inline = is_punct(tokens.get(i + 2), '{');
                scan.modules.push(ModDeclaration {
                    inline_path: inline_path(&inline),
                    name: name.clone(),
                    inline: is_inline,
                });
                if is_inline {
                    depth += 1;
                    inline.push((name.clone(), depth));
                }
                i += 3;
            }
            Token::Ident(keyword) if keyword == "use" => {
                i += 1;
                let mut leaves = Vec::new();
                parse_use_tree(tokens, &mut i, Vec::new(), &mut leaves);
                for (path, alias, glob) in leaves {
                    scan.uses.push(UseLeaf {
                        inline_path: inline_path(&inline),
                        path,
                        alias,
                        glob,
                    });
                }
            }
            Token::Ident(first)
                if tokens.get(i + 1) == Some(&Token::PathSep)
                    && !matches!(tokens.get(i.wrapping_sub(1)), Some(Token::PathSep | Token::Punct('.')))
                    && !is_ident(tokens.get(i.wrapping_sub(1)), "in") =>
            {
                let mut path = vec![first.clone()];
                i += 1;
                while tokens.get(i) == Some(&Token::PathSep) {
                    let Some(Token::Ident(segment)) = tokens.get(i + 1) else {
                        break;
                    };
                    path.push(segment.clone());
                    i += 2;
                }
                scan.paths.push(CodePath {
                    inline_path: inline_path(&inline),
                    path,
                });
            }
            _ => i += 1,
        }
    }
    scan
}

/// Whether the tokens at `i` are `#[macro_export] macro_rules! name`.
fn is_exported_macro(tokens: &[Token], i: usize) -> bool {
    let expected = [
        Token::Punct('#'),
        Token::Punct('['),
        Token::Ident("macro_export".to_owned()),
        Token::Punct(']'),
        Token::Ident("macro_rules".to_owned()),
        Token::Punct('!'),
    ];
    tokens.get(i..i + expected.len()) == Some(&expected[..])
}

/// Whether the tokens at `i` are exactly `#[cfg(test)]`.
fn is_cfg_test(tokens: &[Token], i: usize) -> bool {
    let expected = [
        Token::Punct('#'),
        Token::Punct('['),
        Token::Ident("cfg".to_owned()),
        Token::Punct('('),
        Token::Ident("test".to_owned()),
        Token::Punct(')'),
        Token::Punct(']'),
    ];
    tokens.get(i..i + expected.len()) == Some(&expected[..])
}

/// The index after the item whose attributes start at `i`: after its first `;` outside brackets, or after the
/// block closing its first `{`.
fn skip_item(tokens: &[Token], mut i: usize) -> usize {
    let mut nesting = 0usize;
    while let Some(token) = tokens.get(i) {
        i += 1;
        match token {
            Token::Punct('(' | '[') => nesting += 1,
            Token::Punct(')' | ']') => nesting = nesting.saturating_sub(1),
            Token::Punct(';') if nesting == 0 => return i,
            Token::Punct('{') if nesting == 0 => {
                let mut braces = 1usize;
                while let Some(token) = tokens.get(i) {
                    i += 1;
                    match token {
                        Token::Punct('{') => braces += 1,
                        Token::Punct('}') => {
                            braces -= 1;
                            if braces == 0 {
                                return i;
                            }
                        }
                        _ => {}
                    }
                }
                return i;
            }
            _ => {}
        }
    }
    i
}

/// One use tree after `prefix`: pushes (path, alias, glob) for each leaf, leaving `i` after the tree.
fn parse_use_tree(
    tokens: &[Token],
    i: &mut usize,
    mut path: Vec<String>,
    leaves: &mut Vec<(Vec<String>, Option<String>, bool)>,
) {
    loop {
        match tokens.get(*i) {
            Some(Token::PathSep) => {
                if path.is_empty() {
                    // `use ::extern_crate::…`: never this crate.
                    path.push("::".to_owned());
                }
                *i += 1;
            }
            Some(Token::Ident(name)) => {
                path.push(name.clone());
                *i += 1;
                if tokens.get(*i) == Some(&Token::PathSep) {
                    continue;
                }
                let mut alias = None;
                if is_ident(tokens.get(*i), "as") {
                    if let Some(Token::Ident(name)) = tokens.get(*i + 1) {
                        alias = Some(name.clone());
                    }
                    *i += 2;
                }
                leaves.push((path, alias, false));
                return;
            }
            Some(Token::Punct('*')) => {
                *i += 1;
                leaves.push((path, None, true));
                return;
            }
            Some(Token::Punct('{')) => {
                *i += 1;
                loop {
                    match tokens.get(*i) {
                        None => return,
                        Some(Token::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        Some(Token::Punct(',')) => *i += 1,
                        Some(_) => {
                            let before = *i;
                            parse_use_tree(tokens, i, path.clone(), leaves);
                            if *i == before {
                                *i += 1;
                            }
                        }
                    }
                }
            }
            _ => return,
        }
    }
}
