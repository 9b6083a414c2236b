//! The layers of core, checked: a module may name (`crate::…`) only modules of a lower layer.
//!
//! ```text
//! domain, files, paths  ←  catalog, clock, keys, zone, embed, search  ←  store, remember
//!                ←  analyze, interchange, reminders  ←  demo  ←  app
//! ```
//!
//! Modules of one layer do not name each other either, so there is no cycle anywhere. The
//! check reads the source files, so it also covers test code, and it fails on a module it
//! does not know (a new module must be given its layer here). The command line and the desktop
//! shell sit above `app` in crates of their own, which cargo keeps from being named here.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    /// Each top-level module of `core/src` and its layer.
    const LAYERS: &[(&str, u8)] = &[
        ("domain", 0),
        ("files", 0),
        ("paths", 0),
        ("catalog", 1),
        ("clock", 1),
        ("keys", 1),
        ("zone", 1),
        ("embed", 1),
        ("search", 1),
        ("store", 2),
        ("remember", 2),
        ("analyze", 3),
        ("interchange", 3),
        ("reminders", 3),
        ("demo", 4),
        ("app", 5),
        ("layers", 6),
    ];

    /// What the crate root re-exports from a module, by the module it comes from (the rest of
    /// the root's names are the domain's).
    const ROOT_ITEMS: &[(&str, &str)] = &[
        ("Store", "store"),
        ("StoreError", "store"),
        ("Clock", "clock"),
        ("FixedClock", "clock"),
        ("SystemClock", "clock"),
    ];

    /// The module a name after `crate::` belongs to.
    fn module_of(name: &str) -> &str {
        ROOT_ITEMS
            .iter()
            .find(|(item, _)| *item == name)
            .map_or(name, |(_, m)| *m)
    }

    fn layer(module: &str) -> Option<u8> {
        LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
    }

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).expect("core/src is readable");
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The top-level modules a piece of source names through `crate::` (also inside
    /// `crate::{a, b::c}`), outside comments.
    fn named(source: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for line in source.lines() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                let after = &rest[at + "crate::".len()..];
                if let Some(group) = after.strip_prefix('{') {
                    let inner = group.split('}').next().unwrap_or("");
                    for part in inner.split(',') {
                        let name = part.trim().split("::").next().unwrap_or("").trim();
                        if !name.is_empty() {
                            out.insert(name.to_string());
                        }
                    }
                } else {
                    let name: String = after
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
                rest = after;
            }
        }
        out
    }

    #[test]
    fn the_scanner_sees_paths_and_groups_but_not_comments() {
        let src = "use crate::store::{Store, StoreError};\nuse crate::{app, domain::Kind};\n\
                   let x = crate::clock::SystemClock; // crate::cli\n";
        let got: Vec<String> = named(src).into_iter().collect();
        assert_eq!(got, ["app", "clock", "domain", "store"]);
    }

    #[test]
    fn no_module_names_a_module_of_its_own_or_a_higher_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut all = Vec::new();
        files(&src, &mut all);
        let mut wrong = Vec::new();
        for file in &all {
            let rel = file.strip_prefix(&src).expect("under src");
            let first = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or("");
            let module = first.trim_end_matches(".rs");
            if matches!(module, "lib" | "bin") {
                continue;
            }
            let Some(own) = layer(module) else {
                wrong.push(format!("{}: module {module} has no layer", rel.display()));
                continue;
            };
            let text = std::fs::read_to_string(file).expect("source is readable");
            for name in named(&text) {
                let other = module_of(&name);
                if other == module {
                    continue;
                }
                match layer(other) {
                    Some(l) if l < own => {}
                    Some(_) => wrong.push(format!(
                        "{}: {module} names {other}, which is not below it",
                        rel.display()
                    )),
                    None => {}
                }
            }
        }
        assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
    }
}
