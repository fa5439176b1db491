//! The runner of the test files whose tests need something from the machine: a program
//! (pdftotext, qpdf, pkcs11-tool…), a file (the SoftHSM2 module) or an environment variable
//! (the path of a validator that `scripts/test` installs).
//!
//! Each test says what it needs. When something is missing, the test is reported as ignored
//! (`cargo test`: "ignored", nextest: SKIP), so a test that did not run never shows as passed.
//! In CI (`CI` set, as GitHub Actions, GitLab CI and `.ci/run` do) the test runs anyway and
//! fails with the name of what is missing, because CI installs everything.
//!
//! A file using it has `harness = false` in Cargo.toml and a `main` listing its tests:
//!
//! ```ignore
//! fn main() -> std::process::ExitCode {
//!     harness::run(vec![
//!         case!(renders_the_decision).needs(&["pdftotext", "qpdf"]),
//!         case!(refuses_an_unknown_code),
//!     ])
//! }
//! ```

use std::path::Path;
use std::process::{Command, ExitCode};

/// What a test needs from the machine.
#[derive(Clone, Debug)]
enum Need {
    Program(&'static str),
    File(&'static str),
    Env(&'static str),
}

impl Need {
    fn present(&self) -> bool {
        match self {
            Need::Program(p) => program_runs(p),
            Need::File(f) => Path::new(f).exists(),
            Need::Env(v) => std::env::var_os(v).is_some_and(|v| !v.is_empty()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Need::Program(p) => format!("the program `{p}` is not installed"),
            Need::File(f) => format!("{f} does not exist"),
            Need::Env(v) => {
                format!("the environment variable {v} is not set (scripts/test sets it)")
            }
        }
    }
}

/// Whether `program` can be started (with `--version`, or `-v` for the few that lack it).
fn program_runs(program: &str) -> bool {
    let runs = |arg: &str| {
        Command::new(program)
            .arg(arg)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
    };
    runs("--version") || runs("-v")
}

/// True when the tests run in CI: `CI` set to anything but empty, `0` or `false`.
pub(crate) fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// One test: its name, its body and what it needs.
pub(crate) struct Test {
    name: &'static str,
    body: fn(),
    needs: Vec<Need>,
    manual: bool,
}

impl Test {
    pub(crate) fn new(name: &'static str, body: fn()) -> Test {
        Test {
            name,
            body,
            needs: Vec::new(),
            manual: false,
        }
    }

    /// Programs that must be on PATH.
    pub(crate) fn needs(mut self, programs: &[&'static str]) -> Test {
        self.needs
            .extend(programs.iter().map(|&p| Need::Program(p)));
        self
    }

    /// A file that must exist.
    pub(crate) fn needs_file(mut self, path: &'static str) -> Test {
        self.needs.push(Need::File(path));
        self
    }

    /// An environment variable that must be set.
    pub(crate) fn needs_env(mut self, var: &'static str) -> Test {
        self.needs.push(Need::Env(var));
        self
    }

    /// Run only when asked (`-- --ignored`), like `#[ignore]`: measurements, not checks.
    pub(crate) fn manual(mut self) -> Test {
        self.manual = true;
        self
    }

    fn trial(self, ci: bool) -> libtest_mimic::Trial {
        let missing: Vec<String> = self
            .needs
            .iter()
            .filter(|n| !n.present())
            .map(Need::describe)
            .collect();
        let skipped = !missing.is_empty() && !ci;
        let body = self.body;
        libtest_mimic::Trial::test(self.name, move || {
            if !missing.is_empty() {
                return Err(format!(
                    "{}; CI must run every test (.ci/run installs what the tests need)",
                    missing.join("; ")
                )
                .into());
            }
            body();
            Ok(())
        })
        .with_ignored_flag(skipped || self.manual)
    }
}

/// `case!(name)`: the test function `name` under its own name.
#[macro_export]
macro_rules! case {
    ($f:ident) => {
        $crate::common::harness::Test::new(stringify!($f), $f)
    };
}

/// Runs the tests with the arguments of the standard test harness (filters, `--ignored`,
/// `--list`, `--exact`, as cargo test and nextest pass them).
pub(crate) fn run(tests: Vec<Test>) -> ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let ci = in_ci();
    let trials = tests.into_iter().map(|t| t.trial(ci)).collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// The path held by an environment variable the test declared with `needs_env`.
pub(crate) fn env_path(var: &str) -> std::path::PathBuf {
    std::env::var_os(var)
        .unwrap_or_else(|| panic!("{var} is not set"))
        .into()
}
