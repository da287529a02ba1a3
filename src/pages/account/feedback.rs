//! What every form of the account page shares: one polite status line that announces each
//! result once, and buttons that stay focusable while their request runs.
//!
//! A `disabled` button loses keyboard focus the moment it is pressed (the browser moves it to
//! the body), so a keyboard or screen-reader user would be thrown to the top of the page on
//! every save. Busy buttons here say `aria-disabled="true"` instead and ignore presses.

use leptos::prelude::*;

/// The page's status line: the last result, in words.
#[derive(Clone, Copy)]
pub struct Status(RwSignal<String>);

impl Status {
    /// Provides an empty status line to the page.
    pub fn provide() -> Self {
        let status = Self(RwSignal::new(String::new()));
        provide_context(status);
        status
    }

    /// The page's status line (a fresh, unshown one outside the page, e.g. in component tests).
    pub fn use_status() -> Self {
        use_context::<Self>().unwrap_or_else(|| Self(RwSignal::new(String::new())))
    }

    /// Announces `text` once (a live region speaks when its text changes).
    pub fn say(self, text: impl Into<String>) {
        self.0.set(text.into());
    }

    /// Clears the line, so the next result is announced even if its words are the same.
    pub fn clear(self) {
        self.0.set(String::new());
    }
}

/// The status line itself: polite, so it waits for the screen reader to finish speaking.
#[component]
pub fn StatusLine() -> impl IntoView {
    let status = Status::use_status();
    view! {
        <p class="account-status" role="status" aria-live="polite" aria-atomic="true" data-testid="account-status">
            {move || status.0.get()}
        </p>
    }
}

/// A button that keeps focus while `busy`: it shows `busy_label`, says `aria-disabled`, sets
/// `aria-busy` and ignores presses until the request ends.
#[component]
pub fn BusyButton(
    /// The label at rest, e.g. "Save".
    label: &'static str,
    /// The label while busy, e.g. "Saving…".
    busy_label: &'static str,
    /// Whether the request runs.
    #[prop(into)]
    busy: Signal<bool>,
    /// What a press does (not called while busy); none for a submit button, whose form's
    /// [`on_submit`] runs it.
    #[prop(optional, into)]
    on_press: Option<Callback<()>>,
    /// Extra classes: `primary`, `danger`.
    #[prop(optional)]
    class: &'static str,
    /// Whether another request that excludes this one runs: presses are ignored and the
    /// button says `aria-disabled`, but keeps its label (it is not the one running).
    #[prop(optional, into)]
    held: MaybeProp<bool>,
) -> impl IntoView {
    let blocked = move || busy.get() || held.get().unwrap_or(false);
    let press = move |ev: leptos::ev::MouseEvent| {
        // A submit button's form runs it (Enter in a field does too).
        if let Some(on_press) = on_press {
            ev.prevent_default();
            if !untrack(blocked) {
                on_press.run(());
            }
        }
    };
    view! {
        <button
            type=if on_press.is_some() { "button" } else { "submit" }
            class=class
            aria-disabled=move || blocked().to_string()
            aria-busy=move || busy.get().to_string()
            on:click=press
        >
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}

/// A form's submit handler that runs `run` unless `busy`, never reloading the page.
pub fn on_submit(
    busy: Signal<bool>,
    run: impl Fn() + 'static,
) -> impl FnMut(leptos::ev::SubmitEvent) + 'static {
    move |ev| {
        ev.prevent_default();
        if !busy.get_untracked() {
            run();
        }
    }
}
