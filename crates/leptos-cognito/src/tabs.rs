//! The `BroadcastChannel` between this app's tabs: posting and receiving [`TabMessage`]s.

use cognito_auth::session::tab_message::TabMessage;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel. Kept for the page's lifetime: the listener closure is leaked on purpose,
/// since the channel lives as long as the page.
#[derive(Clone)]
pub struct TabChannel {
    channel: BroadcastChannel,
}

impl TabChannel {
    /// Opens the channel `name` and calls `on_message` for every readable message from another
    /// tab. `None` when the browser has no `BroadcastChannel`: the tab then works alone.
    pub fn open(name: &str, on_message: impl Fn(TabMessage) + 'static) -> Option<Self> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(message) = event
                .data()
                .as_string()
                .as_deref()
                .and_then(TabMessage::from_json)
            {
                on_message(message);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        listener.forget();
        Some(Self { channel })
    }

    /// Posts `message` to every other tab on the channel (never to this one).
    pub fn post(&self, message: &TabMessage) {
        let _ = self
            .channel
            .post_message(&JsValue::from_str(&message.to_json()));
    }
}
