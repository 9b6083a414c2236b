//! The key file beside an encrypted journal (`<journal>.keys`).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plumbline_core::keys::{KeyError, KeyFile};
use plumbline_fuzz::{check_message, FILE};

fuzz_target!(|data: &[u8]| {
    match KeyFile::parse(data, Path::new(FILE)) {
        Ok(_) => {}
        // A damaged key file is said to be one: never taken for a wrong passphrase.
        Err(e @ KeyError::BadKeyFile { .. }) => check_message(&e.to_string(), FILE),
        Err(e) => panic!("reading a key file's bytes failed as {e:?}"),
    }
});
