//! Entry point: takes the authorization code out of the URL, then mounts the portal.

fn main() {
    console_error_panic_hook::set_once();
    // Before anything can send a request (the app's first is /config.json): a request from
    // /callback?code=…&state=… would carry the code in its Referer.
    leptos_cognito::browser::scrub_callback_url(
        cognito_auth::protocol::early_exchange::CALLBACK_PATH,
    );
    leptos::mount::mount_to_body(cognito_portal::App);
}
