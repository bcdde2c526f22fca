//! A closed output ends the run quietly.
//!
//! When the reader of a pipe goes away (`iam-eval explain --json FILE | head -c 10`),
//! writing fails with `BrokenPipe`; `println!` turns that into a panic. Rust ignores
//! SIGPIPE, so the process is not killed as a C tool would be. This hook makes such a
//! failed print end the run at once, with no message and exit status 0: the reader
//! asked for no more output, which is not an error of the run. Any other panic keeps
//! the default report.

/// Installs the hook; call it first thing in `main`.
pub fn end_quietly_on_closed_output() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if is_closed_output(message) {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// Whether a panic message is std's "failed printing to stdout: Broken pipe (os
/// error 32)" (or to stderr).
fn is_closed_output(message: &str) -> bool {
    let printing = ["failed printing to stdout", "failed printing to stderr"]
        .iter()
        .any(|p| message.starts_with(p));
    printing && message.to_ascii_lowercase().contains("broken pipe")
}

#[cfg(test)]
mod tests {
    use super::is_closed_output;

    #[test]
    fn only_a_closed_output_is_quiet() {
        assert!(is_closed_output(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(is_closed_output(
            "failed printing to stderr: Broken pipe (os error 32)"
        ));
        assert!(!is_closed_output(
            "failed printing to stdout: No space left on device (os error 28)"
        ));
        assert!(!is_closed_output("index out of bounds"));
    }
}
