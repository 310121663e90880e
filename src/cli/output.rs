//! Where output goes: stdout, or a file written whole or not at all.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output destination from `-o/--output`.
#[derive(Debug, Clone)]
pub enum Output {
    /// Standard output.
    Stdout,
    /// A file, replaced atomically.
    File(PathBuf),
}

impl Output {
    /// `None` or `-` mean stdout.
    pub fn new(path: Option<&Path>) -> Self {
        match path {
            Some(p) if p.as_os_str() != "-" => Output::File(p.to_path_buf()),
            _ => Output::Stdout,
        }
    }

    /// Writes all of `bytes`. A file is first written to a temporary file in
    /// the same folder and then renamed over the target, so a failure never
    /// leaves a half-written file behind.
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
                Ok(())
            }
            Output::File(path) => {
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let context = || format!("writing {}", path.display());
                let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(context)?;
                // A temporary file is private (0600 on Unix); the output gets
                // the replaced file's permissions, or the usual ones for a new file.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let permissions = std::fs::metadata(path)
                        .map(|m| m.permissions())
                        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
                    tmp.as_file()
                        .set_permissions(permissions)
                        .with_context(context)?;
                }
                tmp.write_all(bytes).with_context(context)?;
                tmp.as_file().sync_all().with_context(context)?;
                tmp.persist(path)
                    .map_err(|e| e.error)
                    .with_context(context)?;
                Ok(())
            }
        }
    }
}
