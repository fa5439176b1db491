//! The errors of the command line: a message of its own, or the typed error of a library
//! domain (signing, publication, git…), shown in the user's language by its Display impl,
//! with the context the command adds ("the file at …").

use std::fmt;

pub enum Error {
    /// A message of the command line itself, already in the user's language.
    Message(String),
    /// `context: error`.
    Context(String, Box<Error>),
    /// A typed error of the library or of the standard library.
    Source(Box<dyn std::error::Error + Send + Sync>),
}

pub(super) type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn msg(m: impl Into<String>) -> Error {
        Error::Message(m.into())
    }

    /// Whether stdout was closed under us (`qmsdoc list | head`): not an error.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Source(e) => e
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe),
            _ => false,
        }
    }
}

// Like `?` on any error: the command line wraps what it does not handle itself. (Error is
// not itself a std error, so the two impls do not overlap.)
impl<E: std::error::Error + Send + Sync + 'static> From<E> for Error {
    fn from(e: E) -> Self {
        Error::Source(Box::new(e))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Message(m) => f.write_str(m),
            Error::Context(c, e) => write!(f, "{c}: {e}"),
            Error::Source(e) => {
                write!(f, "{e}")?;
                let mut cause = e.source();
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `.with_context(…)` on a result, as the command line says where an error happened.
pub(super) trait Context<T> {
    fn with_context<C: Into<String>>(self, c: impl FnOnce() -> C) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn with_context<C: Into<String>>(self, c: impl FnOnce() -> C) -> Result<T> {
        self.map_err(|e| Error::Context(c().into(), Box::new(e.into())))
    }
}

/// `bail!(message)` or `bail!("format {x}")`: returns a command-line error.
macro_rules! bail {
    ($fmt:literal $(, $($arg:tt)+)?) => {
        return Err($crate::cli::error::Error::msg(format!($fmt $(, $($arg)+)?)))
    };
    ($msg:expr $(,)?) => {
        return Err($crate::cli::error::Error::msg($msg))
    };
}
pub(crate) use bail;
