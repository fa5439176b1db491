use std::process::ExitCode;

fn main() -> ExitCode {
    qmsdoc::cli::main()
}
