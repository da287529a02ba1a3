//! Entry point: takes the authorization code out of the URL, then mounts the portal.

fn main() {
    console_error_panic_hook::set_once();
    // Before the app sends any request of its own (its first is /config.json): a request from
    // /callback?code=…&state=… could carry the code in its Referer. (The boot script's code
    // exchange, sent earlier, carries the code in its body and no Referer.)
    leptos_cognito::browser::scrub_callback_url(
        cognito_auth::protocol::early_exchange::CALLBACK_PATH,
    );
    leptos::mount::mount_to_body(cognito_portal::App);
}
