//! Loop Habit Tracker's unpacked export folder (`Habits.csv`, the aggregate `Checkmarks.csv`,
//! `NNN name/Checkmarks.csv`), packed into one input as `plumbline_fuzz::unpack` reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plumbline_core::interchange::loop_habit::parse_files;
use plumbline_fuzz::{check_import, options, unpack, FILE};

fuzz_target!(|data: &[u8]| {
    let files = unpack(data);
    for opts in options() {
        check_import(parse_files(&files, FILE, opts), true);
    }
});
