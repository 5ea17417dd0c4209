//! Runs the AWS collector alone and prints the collection as JSON (for
//! trying it against an emulator without the CLI):
//! `AWS_ENDPOINT_URL=http://127.0.0.1:PORT cargo run -p splitline-collect-aws --example collect_dump -- eu-west-1,us-east-1`

use splitline_collect::{Collector, ProviderProgress, Request};
use splitline_collect_aws::{Aws, AwsOptions, kinds};

fn main() {
    let regions: Vec<String> =
        std::env::args().nth(1).map(|r| r.split(',').map(str::to_string).collect()).unwrap_or_default();
    let req = Request::new(kinds().into_iter().map(str::to_string), 16);
    let opts = AwsOptions { regions, ..AwsOptions::default() };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let started = std::time::Instant::now();
    match rt.block_on(Aws::collect(&opts, &req, &ProviderProgress::hidden())) {
        Ok(c) => {
            eprintln!(
                "{} resources, {} gaps, {} calls in {:?}",
                c.resources.len(),
                c.gaps.len(),
                c.calls.len(),
                started.elapsed()
            );
            println!("{}", serde_json::to_string_pretty(&c).expect("json"));
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
