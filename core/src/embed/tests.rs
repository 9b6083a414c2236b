use std::sync::OnceLock;

use super::*;

/// The repository's model, loaded once for all tests.
fn model() -> &'static Embedder {
    static MODEL: OnceLock<Embedder> = OnceLock::new();
    MODEL.get_or_init(|| Embedder::load(&repository_model()).expect("the committed model loads"))
}

#[derive(serde::Deserialize)]
struct TokenCase {
    text: String,
    ids: Vec<u32>,
}

#[derive(serde::Deserialize)]
struct VectorCase {
    text: String,
    vector: Vec<f32>,
}

#[derive(serde::Deserialize)]
struct VectorFixture {
    model_sha256: String,
    cases: Vec<VectorCase>,
}

#[test]
fn tokenizer_matches_the_reference_ids() {
    let cases: Vec<TokenCase> =
        serde_json::from_str(include_str!("fixtures/tokens.json")).expect("fixture");
    assert!(cases.len() >= 20);
    for case in cases {
        assert_eq!(model().token_ids(&case.text), case.ids, "{:?}", case.text);
    }
}

#[test]
fn vectors_match_the_distillation_script() {
    let fixture: VectorFixture =
        serde_json::from_str(include_str!("fixtures/vectors.json")).expect("fixture");
    assert_eq!(
        fixture.model_sha256, MODEL_SHA256,
        "fixture and model agree"
    );
    for case in fixture.cases {
        let v = model().embed(&case.text);
        assert_eq!(v.len(), DIM);
        let worst = v
            .iter()
            .zip(&case.vector)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst < 1e-5, "{:?}: max abs diff {worst}", case.text);
    }
}

#[test]
fn vectors_are_unit_length_and_empty_text_is_zero() {
    let v = model().embed("I skipped the gym again");
    let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-5, "norm {norm}");
    for empty in ["", "   ", "\u{fffd}\u{0}"] {
        let z = model().embed(empty);
        assert_eq!(z.len(), DIM);
        assert!(z.iter().all(|&x| x == 0.0), "{empty:?}");
        assert_eq!(cosine(&z, &v), 0.0);
    }
}

#[test]
fn paraphrases_are_closer_than_unrelated_sentences() {
    let m = model();
    let a = m.embed("I didn't go to the gym because I was exhausted after work");
    let para = m.embed("skipped my workout, too tired after the office");
    let other = m.embed("paid off the credit card and cleaned the kitchen");
    assert!(cosine(&a, &para) > cosine(&a, &other) + 0.1);
}

#[test]
fn model_id_carries_the_file_hash() {
    assert_eq!(
        model().id(),
        format!("plumbline-text-v2-{}", &MODEL_SHA256[..12])
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn is_corrupt(e: &ModelError, path: &Path) -> bool {
    matches!(e, ModelError::Corrupt { path: p, .. } if p == path)
        && e.to_string().contains(&path.display().to_string())
        && e.to_string().contains("reinstall")
}

#[test]
fn damaged_files_give_one_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read(repository_model()).expect("model");

    let truncated = write(dir.path(), "truncated.bin", &good[..good.len() / 2]);
    let e = Embedder::load(&truncated).expect_err("truncated");
    assert!(is_corrupt(&e, &truncated), "{e}");
    assert!(e.to_string().contains("truncated"), "{e}");

    let tiny = write(dir.path(), "tiny.bin", &good[..10]);
    assert!(is_corrupt(&Embedder::load(&tiny).expect_err("tiny"), &tiny));

    let mut other = good.clone();
    other[..8].copy_from_slice(b"NOTAMODL");
    let magic = write(dir.path(), "magic.bin", &other);
    assert!(is_corrupt(
        &Embedder::load(&magic).expect_err("magic"),
        &magic
    ));

    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x40;
    let flip = write(dir.path(), "flipped.bin", &flipped);
    let e = Embedder::load(&flip).expect_err("flipped");
    assert!(is_corrupt(&e, &flip), "{e}");
    assert!(e.to_string().contains("checksum"), "{e}");

    let mut version = good.clone();
    version[8] = 9;
    let v = write(dir.path(), "version.bin", &version);
    let e = Embedder::load(&v).expect_err("version");
    assert!(e.to_string().contains("version 9"), "{e}");

    // Well-formed, but another table: the payload hash fits, the file is not the known one.
    let mut foreign = good.clone();
    foreign[last] ^= 0x01;
    let digest = Sha256::digest(&foreign[HEADER_LEN..]);
    foreign[28..60].copy_from_slice(&digest);
    let f = write(dir.path(), "foreign.bin", &foreign);
    let e = Embedder::load(&f).expect_err("foreign");
    assert!(matches!(e, ModelError::Mismatch { .. }), "{e}");

    let missing = dir.path().join("missing.bin");
    let e = Embedder::load(&missing).expect_err("missing");
    assert!(matches!(e, ModelError::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("missing.bin"), "{e}");
}

#[test]
fn locate_prefers_the_given_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join(MODEL_FILE);
    std::fs::copy(repository_model(), &copy).expect("copy");
    let m = Embedder::locate(Some(&copy)).expect("given file");
    assert_eq!(m.path(), copy.as_path());

    let broken = write(dir.path(), "broken.bin", b"PLMBTXT\0short");
    let e = Embedder::locate(Some(&broken)).expect_err("a given damaged file is an error");
    assert!(is_corrupt(&e, &broken), "{e}");
}

#[test]
fn cosine_handles_zero_and_mismatched_vectors() {
    assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
    assert!((cosine(&[3.0, 4.0], &[6.0, 8.0]) - 1.0).abs() < 1e-6);
    assert!((cosine(&[1.0, 0.0], &[0.0, 1.0])).abs() < 1e-6);
}
