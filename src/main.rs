//! The `hviske` command line. All the work is in the library; `cli` parses
//! arguments, calls it, and chooses where output goes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
