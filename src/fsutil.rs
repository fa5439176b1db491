//! File writes that never leave a half-written file: write a temporary file beside the target,
//! then rename it over the target.

use std::io::Write;
use std::path::Path;

/// The folder holding `path` and the temporary name beside it that a write goes to first.
fn beside(path: &Path) -> (&Path, std::path::PathBuf) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, dir.join(format!(".{name}.{}.tmp", std::process::id())))
}

pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (_, tmp) = beside(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates `path` with `bytes`, refusing to replace an existing file.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)
}

/// Writes `files` (name, bytes) into the folder `dir`, all or none: they are written into a
/// temporary folder beside it first, which becomes `dir` when `dir` does not exist, else whose
/// files are renamed into `dir` (replacing files of the same names, leaving the others).
pub(crate) fn write_dir_atomic(dir: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    let (parent, tmp) = beside(dir);
    std::fs::create_dir_all(parent)?;
    let result = (|| {
        std::fs::create_dir(&tmp)?;
        for (file, bytes) in files {
            std::fs::write(tmp.join(file), bytes)?;
        }
        if !dir.exists() {
            return std::fs::rename(&tmp, dir);
        }
        for (file, _) in files {
            std::fs::rename(tmp.join(file), dir.join(file))?;
        }
        std::fs::remove_dir(&tmp)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}
