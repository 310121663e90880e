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
//! - an open descriptor (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
//!   `/proc/self/fd/N`) is written through as it is: whatever it points at
//!   (a file opened for appending, a pipe) is never replaced;
//! - a character device or a FIFO (`/dev/null`, `/dev/tty`, a named pipe)
//!   is written to, never replaced (a FIFO with no reader yet is waited for
//!   with a note); a directory or block device is refused;
//! - a replaced file keeps its owner where the run may set it (as root);
//! - several files of one output ([`write_all`]) are all staged beside their
//!   targets first and renamed into place only when every one is written;
//! - every write error names the output (`writing to standard output: ...`),
//!   and a closed standard output is an error, not a silent success.

use anyhow::{bail, Context};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Every input file read in this run, so no output can overwrite one.
static INPUTS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The temporary files and folders being written, removed if the run is
/// interrupted.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Records `path` as an input of this run (see [`Output::check`]).
pub fn record_input(path: &Path) {
    if let Ok(mut inputs) = INPUTS.lock() {
        inputs.push(path.to_path_buf());
    }
}

/// Removes every half-written temporary file or folder (called on SIGINT,
/// SIGTERM and SIGHUP).
pub fn remove_in_flight() {
    if let Ok(mut tmp) = IN_FLIGHT.lock() {
        for path in tmp.drain(..) {
            if path.is_dir() {
                let _ = std::fs::remove_dir_all(path);
            } else {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Marks `path` as a temporary to remove if the run is interrupted.
pub fn track_in_flight(path: &Path) {
    if let Ok(mut slot) = IN_FLIGHT.lock() {
        slot.push(path.to_path_buf());
    }
}

/// `path` is written whole now: no longer removed on an interrupt.
pub fn untrack_in_flight(path: &Path) {
    if let Ok(mut slot) = IN_FLIGHT.lock() {
        slot.retain(|p| p != path);
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
                match target_kind(path)? {
                    Target::Descriptor(1) => stdout_is_open(),
                    _ => Ok(()),
                }
            }
        }
    }

    /// Writes all of `bytes` (see the module rules).
    pub fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        write_all(&[(self.clone(), bytes)])
    }
}

/// Writes several outputs of one run whole or not at all: every regular
/// file is first written to a temporary file beside it, and only when all
/// of them are written are they renamed into place (streams, which cannot
/// be taken back, are written after the staging succeeded). On an error
/// every temporary file is removed and no target has changed.
pub fn write_all(outputs: &[(Output, &[u8])]) -> anyhow::Result<()> {
    for (out, _) in outputs {
        out.check()?;
    }
    let mut staged: Vec<Staged> = Vec::new();
    let mut streams = Vec::new();
    for (out, bytes) in outputs {
        let target = match out {
            Output::Stdout => Target::Descriptor(1),
            Output::File(path) => target_kind(path)?,
        };
        match (out, target) {
            (Output::File(path), Target::File(real)) => match stage(path, &real, bytes) {
                Ok(s) => staged.push(s),
                Err(e) => {
                    staged.iter().for_each(Staged::discard);
                    return Err(e);
                }
            },
            (out, target) => streams.push((out, target, *bytes)),
        }
    }
    for (out, target, bytes) in streams {
        let written = match (out, target) {
            (Output::File(path), Target::Stream) => write_through(path, bytes),
            (out, Target::Descriptor(fd)) => write_descriptor(out, fd, bytes),
            _ => Ok(()),
        };
        if let Err(e) = written {
            staged.iter().for_each(Staged::discard);
            return Err(e);
        }
    }
    let mut failed = None;
    for s in &staged {
        if failed.is_some() {
            s.discard();
        } else if let Err(e) = s.commit() {
            failed = Some(e);
        }
    }
    failed.map_or(Ok(()), Err)
}

/// What `-o` names, once symlinks are followed.
enum Target {
    /// A character device or FIFO: written to in place.
    Stream,
    /// An open descriptor of this process (`/dev/stdout`, `/dev/fd/N`):
    /// written through as it is, never replaced.
    Descriptor(i32),
    /// A regular file, existing or not, at this path (a symlink's target).
    File(PathBuf),
}

fn target_kind(path: &Path) -> anyhow::Result<Target> {
    let real = match resolve_links(path) {
        Resolved::Descriptor(fd) => return Ok(Target::Descriptor(fd)),
        Resolved::Path(real) => real,
    };
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

enum Resolved {
    /// The chain of links passes through `/proc/self/fd/N`.
    Descriptor(i32),
    /// Where the chain ends.
    Path(PathBuf),
}

/// `path` with every symlink followed, also a dangling one's (whose target
/// will be created), stopping at an open descriptor of this process: what
/// `/proc/self/fd/N` links to is where the descriptor was opened (a file
/// opened for appending, `pipe:[…]`), not a file to replace.
fn resolve_links(path: &Path) -> Resolved {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        if let Some(fd) = descriptor_number(&current) {
            return Resolved::Descriptor(fd);
        }
        match std::fs::read_link(&current) {
            Ok(target) => current = parent(&current).join(target),
            Err(_) => return Resolved::Path(current),
        }
    }
    Resolved::Path(current)
}

/// `N` when `path` is `…/fd/N` in a folder that is this process's
/// descriptor folder (`/proc/self/fd`, `/dev/fd`, `/proc/<pid>/fd`).
fn descriptor_number(path: &Path) -> Option<i32> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let fd: i32 = path.file_name()?.to_str()?.parse().ok()?;
    let dir = std::fs::canonicalize(parent(path)).ok()?;
    let own = std::fs::canonicalize("/proc/self/fd").ok()?;
    let thread = std::fs::canonicalize("/proc/thread-self/fd").ok();
    (dir == own || Some(&dir) == thread.as_ref()).then_some(fd)
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
    if STDOUT_CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed) {
        bail!("writing to standard output: it is closed (give -o FILE, or > /dev/null to discard)");
    }
    Ok(())
}

/// Descriptor 1 was closed when the process started. Rust's runtime
/// reopens a closed descriptor 1 on `/dev/null` (read-write) before `main`,
/// which looks just like a `1<>/dev/null` or Python's `subprocess.DEVNULL`
/// that a user gave on purpose; so it is looked at before the runtime
/// starts, from the program's initialisers.
static STDOUT_CLOSED_AT_START: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static PROBE_STDOUT: extern "C" fn() = probe_stdout;

#[cfg(target_os = "linux")]
extern "C" fn probe_stdout() {
    // SAFETY: F_GETFD only reads descriptor 1's flags; -1 means not open.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED_AT_START.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Writes to a device or FIFO in place; a FIFO that has no reader yet is
/// waited for, with a note on stderr rather than in silence.
fn write_through(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let context = || format!("writing {}", path.display());
    let mut f = open_stream(path).with_context(context)?;
    f.write_all(bytes).with_context(context)?;
    f.flush().with_context(context)?;
    Ok(())
}

/// Opens a device or FIFO for writing. A FIFO is first opened without
/// blocking: with a reader there, that descriptor is the one written to
/// (closing it would end the reader's input); with none yet, a note says
/// so before the open that waits.
fn open_stream(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        if std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
            match std::fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(path)
            {
                Ok(f) => {
                    // SAFETY: F_GETFL/F_SETFL on a descriptor this function owns.
                    unsafe {
                        let flags = libc::fcntl(f.as_raw_fd(), libc::F_GETFL);
                        libc::fcntl(f.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK);
                    }
                    return Ok(f);
                }
                Err(e) if e.raw_os_error() == Some(libc::ENXIO) => eprintln!(
                    "hviske: waiting for a reader on the named pipe {} (Ctrl-C stops)",
                    path.display()
                ),
                Err(_) => {}
            }
        }
    }
    std::fs::OpenOptions::new().write(true).open(path)
}

/// Writes through this process's open descriptor `fd` (standard output and
/// error through their own handles): its offset and append mode are kept,
/// so `-o /dev/stdout >> log` appends to `log`.
fn write_descriptor(out: &Output, fd: i32, bytes: &[u8]) -> anyhow::Result<()> {
    let context = || match out {
        Output::Stdout => "writing to standard output".to_string(),
        Output::File(path) => format!("writing {}", path.display()),
    };
    match fd {
        1 => {
            let mut o = std::io::stdout().lock();
            o.write_all(bytes).with_context(context)?;
            o.flush().with_context(context)
        }
        2 => {
            let mut e = std::io::stderr().lock();
            e.write_all(bytes).with_context(context)?;
            e.flush().with_context(context)
        }
        #[cfg(unix)]
        n => {
            use std::os::fd::BorrowedFd;
            // SAFETY: `n` was just found open in /proc/self/fd, and is only
            // duplicated here (the duplicate shares offset and flags).
            let owned = unsafe { BorrowedFd::borrow_raw(n) }
                .try_clone_to_owned()
                .with_context(context)?;
            let mut f = std::fs::File::from(owned);
            f.write_all(bytes).with_context(context)?;
            f.flush().with_context(context)
        }
        #[cfg(not(unix))]
        _ => bail!("{}: not supported here", context()),
    }
}

/// A regular file's bytes written whole to a temporary file beside it,
/// waiting to be renamed into place.
struct Staged {
    path: PathBuf,
    tmp: PathBuf,
    real: PathBuf,
}

impl Staged {
    fn commit(&self) -> anyhow::Result<()> {
        let renamed = std::fs::rename(&self.tmp, &self.real);
        if renamed.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        untrack_in_flight(&self.tmp);
        renamed.with_context(|| format!("writing {}", self.path.display()))
    }

    fn discard(&self) {
        let _ = std::fs::remove_file(&self.tmp);
        untrack_in_flight(&self.tmp);
    }
}

/// Writes `bytes` to a temporary file beside the regular file `real`
/// (which `path` names), with `real`'s permissions and, where allowed, its
/// owner.
fn stage(path: &Path, real: &Path, bytes: &[u8]) -> anyhow::Result<Staged> {
    let context = || format!("writing {}", path.display());
    let existing = std::fs::metadata(real).ok();
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
    let mut file = open.open(&tmp).map_err(|e| {
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            anyhow::anyhow!(
                "cannot write {}: the folder {} is not writable",
                path.display(),
                dir.display()
            )
        } else {
            anyhow::Error::new(e).context(context())
        }
    })?;
    track_in_flight(&tmp);
    let written = (|| -> std::io::Result<()> {
        if let Some(m) = &existing {
            keep_owner(&file, m);
            file.set_permissions(m.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()
    })();
    let staged = Staged {
        path: path.to_path_buf(),
        tmp,
        real: real.to_path_buf(),
    };
    if let Err(e) = written {
        staged.discard();
        return Err(anyhow::Error::new(e).context(context()));
    }
    Ok(staged)
}

/// Gives the new file the replaced one's owner and group where this run
/// may (as root); otherwise the file is the runner's, as any new file.
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(new) = file.metadata() {
            if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
                let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
            }
        }
    }
    let _ = (file, old);
}
