//! Entry point: mounts the portal.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cognito_portal::App);
}
