//! Panics of dependencies caught without a backtrace on stderr.
//!
//! Two dependencies panic where they could have returned an error: calamine
//! on some damaged spreadsheets, and rust_xlsxwriter when a write to its
//! spooled sheet files fails (a full disk, a quota, a vanished folder). A
//! stack trace under cron reads as a crash of the job, so both are caught
//! here and turned into a problem or a one-line error by the caller.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// True while this thread runs inside [`catch_quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// `catch_unwind` without the panic message and backtrace on stderr; the
/// panic's message is returned instead. The panic hook is wrapped once, on
/// first use; it stays silent only on a thread inside this function, so a
/// panic anywhere else still prints as it always did (through whatever hook
/// was installed before).
pub fn catch_quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static WRAP: std::sync::Once = std::sync::Once::new();
    WRAP.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                log::debug!("a dependency panicked: {info}");
            } else {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    r.map_err(|payload| panic_message(payload.as_ref()))
}

/// The text a panic carried, with an I/O error's own words pulled out of
/// its debug form: rust_xlsxwriter panics with `…: Os { code: 28, kind:
/// StorageFull, message: "No space left on device" }`, which the operator
/// should read as `No space left on device (os error 28)`.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    io_error_words(&text).unwrap_or(text)
}

/// `message: "…"` and `code: N` from the debug form of an OS I/O error.
fn io_error_words(text: &str) -> Option<String> {
    let start = text.find("message: \"")? + "message: \"".len();
    let len = text[start..].find('"')?;
    let message = &text[start..start + len];
    let code = text
        .find("code: ")
        .map(|i| &text[i + "code: ".len()..])
        .and_then(|rest| rest.split([',', ' ']).next())
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()));
    Some(match code {
        Some(code) => format!("{message} (os error {code})"),
        None => message.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_io_error_in_a_panic_reads_as_the_os_says_it() {
        let r: Result<(), String> = catch_quietly(|| {
            panic!(
                "Couldn't write to xml file: Os {{ code: 28, kind: StorageFull, message: \"No space left on device\" }}"
            )
        });
        assert_eq!(r.unwrap_err(), "No space left on device (os error 28)");
    }

    #[test]
    fn any_other_panic_keeps_its_text() {
        let r: Result<(), String> = catch_quietly(|| panic!("index out of bounds"));
        assert_eq!(r.unwrap_err(), "index out of bounds");
        assert_eq!(catch_quietly(|| 7), Ok(7));
    }
}
