//! The command line's manual page and its bash, zsh and fish completions, made from the clap
//! definition so they cannot drift from it. The packages carry them; `cargo xtask package`
//! writes them through `cargo run -p plumbline-cli --example docs -- DIR`.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::{generate_to, Shell};

/// Writes `plumbline.1` and the bash, zsh and fish completions into `dir` (made if missing);
/// returns each file with its kind (`man`, `bash`, `zsh`, `fish`).
pub fn write_docs(dir: &Path) -> std::io::Result<Vec<(&'static str, PathBuf)>> {
    std::fs::create_dir_all(dir)?;
    let mut cmd = crate::Cli::command();
    let name = cmd.get_name().to_string();
    let man = dir.join(format!("{name}.1"));
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    std::fs::write(&man, page)?;
    let mut files = vec![("man", man)];
    for (kind, shell) in [
        ("bash", Shell::Bash),
        ("zsh", Shell::Zsh),
        ("fish", Shell::Fish),
    ] {
        files.push((kind, generate_to(shell, &mut cmd, &name, dir)?));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manual_page_and_completions_come_from_the_cli_definition() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = write_docs(dir.path()).expect("written");
        let read = |kind: &str| {
            let (_, path) = files.iter().find(|(k, _)| *k == kind).expect(kind);
            std::fs::read_to_string(path).expect("file exists")
        };
        let man = read("man");
        assert!(
            man.contains(".TH plumbline 1"),
            "{}",
            &man[..200.min(man.len())]
        );
        for sub in crate::Cli::command().get_subcommands() {
            assert!(
                man.contains(sub.get_name()),
                "man page lacks {}",
                sub.get_name()
            );
        }
        let bash = read("bash");
        assert!(bash.contains("complete -F _plumbline") && bash.contains("reminders"));
        assert!(read("zsh").starts_with("#compdef plumbline"));
        let fish = read("fish");
        assert!(fish.contains("complete -c plumbline") && fish.contains("checkin"));
    }
}
