//! Newtypes for values that must never reach a log, a `Debug` dump or storage.

macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// Its `Debug` output is redacted; read the value with [`Self::secret`] only where it is
        /// sent on the wire.
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value received from Cognito or generated for a request.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The raw value, for the one place that sends it.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_type!(
    /// A Cognito ID token (a JWT), sent to the protected API.
    IdToken
);
secret_type!(
    /// A Cognito access token (a JWT), sent to `/oauth2/userInfo`.
    AccessToken
);
secret_type!(
    /// A Cognito refresh token: opaque and encrypted, only Cognito can read it.
    RefreshToken
);
secret_type!(
    /// A one-time authorization code from the hosted-UI redirect.
    AuthorizationCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_value() {
        let token = RefreshToken::new("very-secret-value");
        let shown = format!("{token:?}");
        assert_eq!(shown, "RefreshToken([redacted])");
        assert!(!shown.contains("very-secret"));
        assert_eq!(token.secret(), "very-secret-value");
    }
}
