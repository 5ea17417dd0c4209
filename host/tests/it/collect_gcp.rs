//! End-to-end: `splitline scan --provider gcp` against local emulators/recordings.
