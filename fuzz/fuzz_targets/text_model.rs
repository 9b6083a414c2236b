//! The text model file (`plumbline-text-v2.bin`) the analyzer's embedder loads.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plumbline_core::embed::Embedder;
use plumbline_fuzz::FILE;

fuzz_target!(|data: &[u8]| {
    match Embedder::from_bytes(data, Path::new(FILE)) {
        // Only the model this program is built with loads (its sha256 is checked first).
        Ok(model) => assert_eq!(model.embed("fuzz").len(), plumbline_core::embed::DIM),
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains(FILE) && msg.len() > FILE.len() + 10,
                "an error that does not name the model file or say why: {msg:?}"
            );
        }
    }
});
