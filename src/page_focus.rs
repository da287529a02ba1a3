//! Navigation people can perceive (issue #14): focus on the new page's `h1` after an in-app
//! navigation, so a screen reader says where it went and the next Tab starts from the page
//! rather than from the link left behind. Not on the first load: there the browser's own start
//! of the page is right. (Each route's document title is set in the first load, by `crate::app`.)
//!
//! In the `signed_in` chunk (the header's), not the first load: in-app navigation happens once
//! the session machinery runs.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long (in animation frames, about two seconds) to wait for a page's chunk to show its `h1`.
const FRAMES: u32 = 120;

/// Moves focus to the new page's `h1` on every change of `path` after the first.
pub fn focus_after_navigation(path: Memo<String>) {
    Effect::new(move |first: Option<()>| {
        path.track();
        if first.is_some() {
            focus_heading(FRAMES);
        }
    });
}

/// Focuses `main h1` once it exists (a chunk may still be loading), for up to `frames` frames.
fn focus_heading(frames: u32) {
    request_animation_frame(move || {
        let heading = document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
        match heading {
            Some(heading) => {
                // Focusable by script only: not a Tab stop.
                let _ = heading.set_attribute("tabindex", "-1");
                let _ = heading.focus();
            }
            None if frames > 0 => focus_heading(frames - 1),
            None => {}
        }
    });
}
