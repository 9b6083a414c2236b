//! Plumbline's own journal file (JSON, docs/contracts.md §3), as `import` and `restore --from` read it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plumbline_core::interchange::formats::{parse_bytes, Format};
use plumbline_fuzz::{check_import, options, FILE};

fuzz_target!(|data: &[u8]| {
    for opts in options() {
        check_import(parse_bytes(data, FILE, Format::Plumbline, opts), false);
    }
});
