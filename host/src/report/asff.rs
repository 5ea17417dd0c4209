//! PLACEHOLDER: being written in this change; replaced before commit.

use std::io::Write;

use super::model::ScanReport;

pub fn render(_report: &ScanReport, _out: &mut dyn Write) -> std::io::Result<()> {
    Err(std::io::Error::other("the asff format is not written yet"))
}
