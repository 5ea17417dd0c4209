//! End-to-end: `splitline scan --provider azure` against local emulators/recordings.
