fn main() -> std::process::ExitCode {
    plumbline_core::cli::main()
}
