//! Writes the command line's manual page and shell completions into the folder given, and
//! prints each file as `kind<TAB>path` (for `cargo xtask package`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: docs DIR");
        return ExitCode::from(2);
    };
    match plumbline_cli::docs::write_docs(std::path::Path::new(&dir)) {
        Ok(files) => {
            for (kind, path) in files {
                println!("{kind}\t{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("could not write the manual page and completions: {e}");
            ExitCode::FAILURE
        }
    }
}
