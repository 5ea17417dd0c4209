//! `splitline plugin new`.

use crate::cli::PluginCommand;
use crate::exit::ExitStatus;
use crate::scaffold;

pub fn run(cmd: PluginCommand) -> anyhow::Result<ExitStatus> {
    let PluginCommand::New { name, provider, model, sdk, dir } = cmd;
    let root = scaffold::create(&scaffold::Options { name: name.clone(), provider, model, sdk, dir })?;
    let wasm = format!("target/wasm32-wasip2/release/{}.wasm", name.replace('-', "_"));
    println!("Created plugin {name} in {}", root.display());
    println!();
    println!("  cd {}", root.display());
    println!("  cargo test");
    println!("  cargo build --release --target wasm32-wasip2");
    println!("  splitline plugins check {wasm}");
    println!("  splitline scan --demo --plugin {wasm}");
    Ok(ExitStatus::Success)
}
