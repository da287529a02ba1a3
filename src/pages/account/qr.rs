//! The authenticator app's QR code, drawn as SVG elements.
//!
//! The `otpauth://` URI (built and percent-encoded by the core) is encoded by `qrcodegen` (a
//! small, dependency-free, maintained encoder) and drawn as one `<path>` whose `d` attribute is
//! built here from the module grid: an attribute value, never markup, so nothing the URI holds
//! can become an element. Dark modules are drawn black on a white square with the standard
//! four-module quiet zone, in light and dark themes alike: phone cameras read dark-on-light.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};
use std::fmt::Write;

/// Light modules around the code that scanners need to find it (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: i32 = 4;

/// A QR code as one SVG path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPath {
    /// The side of the square, in modules, quiet zone included.
    pub side: i32,
    /// The path's `d`: one rectangle per horizontal run of dark modules.
    pub d: String,
}

/// Encodes `text` (medium error correction: a phone held at an angle still reads it). `None`
/// when the text does not fit in a QR code, which no `otpauth` URI of Cognito's comes near.
pub fn qr_path(text: &str) -> Option<QrPath> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut d = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            // Writing to a String cannot fail.
            let _ = write!(
                d,
                "M{},{}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            );
        }
    }
    Some(QrPath {
        side: size + 2 * QUIET_ZONE,
        d,
    })
}

/// The QR code of `text` as an `<svg>`, labelled for screen readers; when it cannot be drawn,
/// a sentence pointing to the key typed by hand.
#[allow(
    clippy::needless_pass_by_value,
    reason = "Leptos component props are owned values"
)]
#[component]
pub fn QrCodeSvg(
    /// What the code holds (the `otpauth://` URI).
    text: String,
    /// The accessible name, e.g. "QR code for your authenticator app".
    label: &'static str,
) -> impl IntoView {
    match qr_path(&text) {
        Some(QrPath { side, d }) => view! {
            <svg
                class="qr"
                data-testid="totp-qr"
                role="img"
                aria-label=label
                viewBox=format!("0 0 {side} {side}")
                shape-rendering="crispEdges"
            >
                <rect width=side.to_string() height=side.to_string() fill="#ffffff"/>
                <path d=d fill="#000000"/>
            </svg>
        }
        .into_any(),
        None => view! {
            <p class="hint">"This code is too long to draw; type the key below into your app instead."</p>
        }
        .into_any(),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The dark modules a path draws, read back from its `d`, in code coordinates.
    fn modules_drawn(d: &str) -> BTreeSet<(i32, i32)> {
        let mut dark = BTreeSet::new();
        for rect in d.split('M').filter(|s| !s.is_empty()) {
            let (xy, rest) = rect.split_once('h').expect("h");
            let (x, y) = xy.split_once(',').expect(",");
            let (run, tail) = rest.split_once('v').expect("v");
            let run: i32 = run.parse().unwrap();
            assert_eq!(
                tail,
                format!("1h-{run}z"),
                "each rectangle is one module high"
            );
            let (x, y): (i32, i32) = (x.parse().unwrap(), y.parse().unwrap());
            for dx in 0..run {
                assert!(
                    dark.insert((x + dx - QUIET_ZONE, y - QUIET_ZONE)),
                    "drawn twice"
                );
            }
        }
        dark
    }

    const URI: &str = "otpauth://totp/Customer%20Portal:demo%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DP&issuer=Customer%20Portal";

    #[test]
    fn the_path_draws_exactly_the_dark_modules_of_the_code() {
        let code = QrCode::encode_text(URI, QrCodeEcc::Medium).unwrap();
        let path = qr_path(URI).unwrap();
        assert_eq!(path.side, code.size() + 8);
        let drawn = modules_drawn(&path.d);
        for y in 0..code.size() {
            for x in 0..code.size() {
                assert_eq!(
                    drawn.contains(&(x, y)),
                    code.get_module(x, y),
                    "module ({x}, {y})"
                );
            }
        }
        // Nothing in the quiet zone or beyond the code.
        assert!(drawn
            .iter()
            .all(|&(x, y)| (0..code.size()).contains(&x) && (0..code.size()).contains(&y)));
    }

    #[test]
    fn the_path_holds_only_numbers_and_path_commands_whatever_the_text() {
        let hostile = "otpauth://totp/\"><script>alert(1)</script>?secret=AAAA";
        let path = qr_path(hostile).unwrap();
        assert!(path
            .d
            .chars()
            .all(|c| c.is_ascii_digit() || "Mhvz,-".contains(c)));
    }

    #[test]
    fn text_too_long_for_any_qr_code_is_none_not_a_panic() {
        assert_eq!(qr_path(&"x".repeat(8000)), None);
    }
}
