//! Shows an error in plain words: what happened, Cognito's code and description, what to do.
//!
//! Views return failures as `Err(Explained)` and let an `<ErrorBoundary/>` render them with
//! [`error_panels`], so a loading view never carries its own error branch.

use cognito_auth::protocol::api::ApiError;
use cognito_auth::{AuthError, Explanation};
use leptos::error::Errors;
use leptos::prelude::*;
use std::fmt;

/// An error explained for people. Every field is rendered as text.
#[component]
pub fn ErrorPanel(
    /// The explanation from `AuthError::explain`.
    explanation: Explanation,
    /// Its heading's level, from where it stands (issue #14): 1 when the panel is the page, 2
    /// (the default) in a page, 3 in a card whose heading is an `h2`.
    #[prop(default = 2)]
    level: u8,
) -> impl IntoView {
    let Explanation {
        title,
        detail,
        code,
        description,
        action,
    } = explanation;
    // No id: two panels can show at once, and an alert needs no name (its text is read).
    let heading = match level {
        1 => view! { <h1>{title}</h1> }.into_any(),
        2 => view! { <h2>{title}</h2> }.into_any(),
        _ => view! { <h3>{title}</h3> }.into_any(),
    };
    view! {
        <section class="error-panel" role="alert">
            {heading}
            <p class="error-detail">{detail}</p>
            {code.map(|code| view! {
                <p class="error-code">"Error code: " <code>{code}</code></p>
            })}
            {description.map(|description| view! {
                <p class="error-description">"Cognito says: " <q>{description}</q></p>
            })}
            <p class="error-action"><strong>"What to do: "</strong>{action}</p>
        </section>
    }
}

/// An error already put into words, as a `std::error::Error`: `<ErrorBoundary/>` only catches
/// those, and this one carries the whole [`Explanation`] through to [`error_panels`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained(pub Explanation);

impl fmt::Display for Explained {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.title)
    }
}

impl std::error::Error for Explained {}

impl From<AuthError> for Explained {
    fn from(error: AuthError) -> Self {
        Self(error.explain())
    }
}

impl From<ApiError> for Explained {
    fn from(error: ApiError) -> Self {
        Self(error.explain())
    }
}

/// The fallback of an `<ErrorBoundary/>`: one [`ErrorPanel`] per error the boundary caught.
///
/// Every error the portal renders is an [`Explained`]; anything else (a bug) still gets a
/// panel with its message rather than vanishing.
pub fn error_panels(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, error)| {
                    let explanation = error.downcast_ref::<Explained>().map_or_else(
                        || Explanation {
                            title: "Something went wrong".into(),
                            detail: error.to_string(),
                            code: None,
                            description: None,
                            action: "Reload the page; if it happens again, tell us what you did."
                                .into(),
                        },
                        |explained| explained.0.clone(),
                    );
                    view! { <ErrorPanel explanation/> }
                })
                .collect_view()
        })
    }
}
