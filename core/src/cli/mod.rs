//! The `plumbline` command line (CONTRACTS §1).
//!
//! Each command group lives in its own module with a `clap::Args` struct and a `run` function
//! of the shape `fn run(store: &mut Store, clock: &dyn Clock, args: &XArgs,
//! out: &mut dyn std::io::Write) -> Result<(), CliError>`.

pub mod reminders;

/// A command's failure: `Failed` exits with 1, `Usage` with 2. The message is one sentence
/// naming the file, record or field and the problem; it is printed to stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Failed(String),
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Failed(_) => 1,
            CliError::Usage(_) => 2,
        }
    }
}

pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
