//! End-to-end: `splitline scan --provider aws` against local emulators/recordings.
