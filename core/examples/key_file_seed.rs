//! Writes a real key file, made with the test key derivation, at the path given: a seed for
//! the key-file fuzz target (`cargo xtask fuzz keys`).

use std::process::ExitCode;

use plumbline_core::keys::{KdfParams, KeyFile, Secret};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: key_file_seed PATH");
        return ExitCode::from(2);
    };
    let made = KeyFile::create(&Secret::new("a fuzzing seed"), KdfParams::TEST)
        .map_err(|e| e.to_string())
        .and_then(|(file, _, _)| {
            file.save(std::path::Path::new(&path))
                .map_err(|e| e.to_string())
        });
    match made {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("could not write a key file seed: {e}");
            ExitCode::FAILURE
        }
    }
}
