//! The `BroadcastChannel` between this app's tabs: posting and receiving [`TabMessage`]s, and
//! the holder lock that tells starting tabs this one has a session to hand over on it.

mod presence;

use cognito_auth::session::tab_message::{DropReason, TabMessage};
pub use presence::{held_by_any_tab, Presence};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel. Kept for the page's lifetime: the listener closure is leaked on purpose,
/// since the channel lives as long as the page.
#[derive(Clone)]
pub struct TabChannel {
    channel: BroadcastChannel,
    /// The holder lock: only a tab with a channel can answer an ask, so only such a tab ever
    /// tells the others it holds a session.
    presence: Option<Rc<Presence>>,
}

impl TabChannel {
    /// Opens the channel `name` and calls `on_message` for every message from another tab,
    /// parsed strictly ([`TabMessage::parse`]): anything that is not a text message of the
    /// protocol arrives as the reason it is dropped, so the session can count it. `None` when the
    /// browser has no `BroadcastChannel`: the tab then works alone.
    pub fn open(
        name: &str,
        on_message: impl Fn(Result<TabMessage, DropReason>) + 'static,
    ) -> Option<Self> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let parsed = event
                .data()
                .as_string()
                .map_or(Err(DropReason::Malformed), |text| TabMessage::parse(&text));
            on_message(parsed);
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        listener.forget();
        Some(Self {
            channel,
            presence: None,
        })
    }

    /// This channel, announcing through `presence` whether this tab holds a session.
    #[must_use]
    pub fn with_presence(self, presence: Presence) -> Self {
        Self {
            presence: Some(Rc::new(presence)),
            ..self
        }
    }

    /// The holder lock, if this channel has one.
    pub fn presence(&self) -> Option<Rc<Presence>> {
        self.presence.clone()
    }

    /// Posts `message` to every other tab on the channel (never to this one).
    pub fn post(&self, message: &TabMessage) {
        let _ = self
            .channel
            .post_message(&JsValue::from_str(&message.to_json()));
    }
}
