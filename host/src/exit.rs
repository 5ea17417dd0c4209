//! Exit codes: 0 no failed findings at or above --fail-on; 1 failed
//! findings; 2 usage or input error, or an incomplete scan; 130 interrupted
//! by Ctrl-C (`crate::interrupt`, which exits by itself).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(match s {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}
