//! Where output goes: stdout, or a file written whole or not at all.
//!
//! Rules that keep a user's files safe:
//! - an output that is the same file as any input read in this run (by
//!   canonical path or device and inode, through any spelling or symlink,
//!   a scenario's base included) is refused before anything is written;
//! - a regular file is replaced atomically (a temporary file in the same
//!   folder, then a rename); a new file gets the usual permissions less the
//!   umask, a replaced one keeps its own, and a read-only one is refused;
//! - a symlink is written through: its target is replaced, the link stays;
//! - a character device or a FIFO (`/dev/null`, `/dev/tty`, a named pipe)
//!   is written to, never replaced; a directory or block device is refused;
//! - every write error names the output (`writing to standard output: ...`),
//!   and a closed standard output is an error, not a silent success.

use anyhow::{bail, Context};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Every input file read in this run, so no output can overwrite one.
static INPUTS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The temporary file being written, removed if the run is interrupted.
static IN_FLIGHT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Records `path` as an input of this run (see [`Output::check`]).
pub fn record_input(path: &Path) {
    if let Ok(mut inputs) = INPUTS.lock() {
        inputs.push(path.to_path_buf());
    }
}

/// Removes a half-written temporary file (called on Ctrl-C).
pub fn remove_in_flight() {
    if let Ok(mut tmp) = IN_FLIGHT.lock() {
        if let Some(path) = tmp.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

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

    /// Refuses, before any work, an output that would destroy an input or
    /// cannot be written: call it once the inputs are loaded. [`write`]
    /// checks again.
    ///
    /// [`write`]: Output::write
    pub fn check(&self) -> anyhow::Result<()> {
        match self {
            Output::Stdout => stdout_is_open(),
            Output::File(path) => {
                refuse_inputs(path)?;
                target_kind(path).map(|_| ())
            }
        }
    }

    /// Writes all of `bytes` (see the module rules).
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        self.check()?;
        match self {
            Output::Stdout => {
                let context = "writing to standard output";
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).context(context)?;
                out.flush().context(context)?;
                Ok(())
            }
            Output::File(path) => match target_kind(path)? {
                Target::Stream => write_through(path, bytes),
                Target::File(real) => replace(path, &real, bytes),
            },
        }
    }
}

/// What `-o` names, once symlinks are followed.
enum Target {
    /// A character device or FIFO: written to in place.
    Stream,
    /// A regular file, existing or not, at this path (a symlink's target).
    File(PathBuf),
}

fn target_kind(path: &Path) -> anyhow::Result<Target> {
    let real = resolve_links(path);
    let meta = match std::fs::metadata(&real) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = parent(&real);
            if !dir.is_dir() {
                bail!(
                    "cannot write {}: the folder {} does not exist",
                    path.display(),
                    dir.display()
                );
            }
            return Ok(Target::File(real));
        }
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    if meta.is_dir() {
        bail!("cannot write {}: it is a folder", path.display());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_fifo() {
            return Ok(Target::Stream);
        }
        if !t.is_file() {
            bail!(
                "cannot write {}: not a regular file, a terminal or a pipe",
                path.display()
            );
        }
    }
    if meta.permissions().readonly() {
        bail!(
            "cannot write {}: the file is read-only (make it writable, or choose another name)",
            path.display()
        );
    }
    Ok(Target::File(real))
}

/// `path` with every symlink followed, also a dangling one's (whose target
/// will be created).
fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(target) => current = parent(&current).join(target),
            Err(_) => return current,
        }
    }
    current
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Refuses an output that is one of this run's inputs.
fn refuse_inputs(path: &Path) -> anyhow::Result<()> {
    let inputs = INPUTS.lock().map(|i| i.clone()).unwrap_or_default();
    if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
        bail!(
            "refusing to write {}: it is the input {} (choose another output file)",
            path.display(),
            input.display()
        );
    }
    Ok(())
}

/// True when `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if ma.dev() == mb.dev() && ma.ino() == mb.ino() {
            return true;
        }
    }
    let _ = (ma, mb);
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// A closed standard output (`>&-`) would lose the output without a word.
/// Rust's runtime reopens a closed descriptor 1 on `/dev/null` for reading
/// and writing, which a shell's `> /dev/null` (write only) never does: on
/// Linux that tells the two apart.
fn stdout_is_open() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        std::io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map(drop)
            .context("writing to standard output: it is closed")?;
    }
    if stdout_reopened_on_dev_null() {
        bail!("writing to standard output: it is closed (give -o FILE, or > /dev/null to discard)");
    }
    Ok(())
}

fn stdout_reopened_on_dev_null() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let on_null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
    let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    });
    on_null && read_write
}

/// Writes to a device or FIFO in place.
fn write_through(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let context = || format!("writing {}", path.display());
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(context)?;
    f.write_all(bytes).with_context(context)?;
    f.flush().with_context(context)?;
    Ok(())
}

/// Replaces the regular file `real` (which `path` names) atomically.
fn replace(path: &Path, real: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let context = || format!("writing {}", path.display());
    let existing = std::fs::metadata(real).ok().map(|m| m.permissions());
    let dir = parent(real);
    let name = real
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.hviske-{}.tmp", std::process::id()));
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    {
        // The usual 0666 for a new file; the kernel takes the umask off.
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o666);
    }
    let mut file = open.open(&tmp).with_context(context)?;
    if let Ok(mut slot) = IN_FLIGHT.lock() {
        *slot = Some(tmp.clone());
    }
    let written = (|| -> std::io::Result<()> {
        if let Some(p) = existing {
            file.set_permissions(p)?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, real)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    if let Ok(mut slot) = IN_FLIGHT.lock() {
        *slot = None;
    }
    written.with_context(context)
}
