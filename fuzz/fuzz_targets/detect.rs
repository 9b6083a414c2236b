//! What `import` does without `--format`: recognise the content, then read it as that format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plumbline_core::interchange::detect::detect_bytes;
use plumbline_core::interchange::formats::{parse_bytes, Format};
use plumbline_fuzz::{check_import, check_message, options, FILE};

fuzz_target!(|data: &[u8]| {
    match detect_bytes(data, FILE) {
        Ok(found) => {
            for opts in options() {
                let foreign = found.format != Format::Plumbline;
                check_import(parse_bytes(data, FILE, found.format, opts), foreign);
            }
        }
        Err(e) => check_message(&e.to_string(), FILE),
    }
});
