use std::process::ExitCode;

use clap::Parser;
use splitline::cli::Cli;
use splitline::exit::ExitStatus;

fn main() -> ExitCode {
    let cli = Cli::parse();
    splitline::logging::init(&cli.global);
    splitline::interrupt::install();
    match splitline::commands::run(cli) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`splitline … | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitStatus::Error.into()
        }
    }
}
