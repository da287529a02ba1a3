//! Tests of `attributes`: only names and email may be changed, and only with values Cognito
//! can store.

use super::*;

#[test]
fn only_the_writable_attributes_pass_and_custom_ones_never_do() {
    for name in WRITABLE {
        let value = if name == "email" {
            "new@example.com"
        } else {
            "Dana"
        };
        let update = AttributeUpdate::new(name, value).unwrap();
        assert_eq!(update.name(), name);
        assert_eq!(update.value(), value);
    }
    for name in [
        "custom:tenant",
        "email_verified",
        "sub",
        "cognito:groups",
        "phone_number",
        "Email",
        "",
    ] {
        assert!(
            matches!(
                AttributeUpdate::new(name, "x"),
                Err(AttributeProblem::NotWritable { .. })
            ),
            "{name}"
        );
    }
    // A hostile name is echoed bounded.
    let long = "x".repeat(10_000);
    let Err(AttributeProblem::NotWritable { name }) = AttributeUpdate::new(&long, "x") else {
        panic!("a long name must be refused");
    };
    assert_eq!(name.chars().count(), 65);
}

#[test]
fn values_are_trimmed_bounded_and_free_of_control_characters() {
    assert_eq!(
        AttributeUpdate::new("given_name", "  Dana  ")
            .unwrap()
            .value(),
        "Dana"
    );
    assert_eq!(
        AttributeUpdate::new("given_name", "   "),
        Err(AttributeProblem::Empty { name: "given_name" })
    );
    assert_eq!(
        AttributeUpdate::new("family_name", &"é".repeat(MAX_VALUE_CHARS)).map(|u| u.name()),
        Ok("family_name"),
        "the limit counts characters, not bytes"
    );
    assert_eq!(
        AttributeUpdate::new("family_name", &"a".repeat(MAX_VALUE_CHARS + 1)),
        Err(AttributeProblem::TooLong {
            name: "family_name",
            max: MAX_VALUE_CHARS
        })
    );
    for value in ["Da\nna", "Da\u{0}na", "Da\u{1b}[31mna"] {
        assert_eq!(
            AttributeUpdate::new("name", value),
            Err(AttributeProblem::ControlCharacter { name: "name" }),
            "{value:?}"
        );
    }
    // Markup is just text here: it is stored as typed and rendered as text.
    assert!(AttributeUpdate::new("given_name", "<img src=x onerror=alert(1)>").is_ok());
}

#[test]
fn an_email_must_look_like_one() {
    for good in ["a@b.co", "first.last+tag@example.com"] {
        assert!(AttributeUpdate::new("email", good).is_ok(), "{good}");
    }
    for bad in [
        "no-at.example.com",
        "a@b",
        "@example.com",
        "a@@example.com",
        "a@b@example.com",
        "a b@example.com",
        "a@.example.com",
        "a@example.com.",
    ] {
        assert!(
            matches!(
                AttributeUpdate::new("email", bad),
                Err(AttributeProblem::NotAnEmail { .. })
            ),
            "{bad}"
        );
    }
    let long = format!("{}@example.com", "a".repeat(MAX_EMAIL_CHARS));
    assert!(matches!(
        AttributeUpdate::new("email", &long),
        Err(AttributeProblem::TooLong { name: "email", .. })
    ));
}

#[test]
fn one_attribute_is_changed_once_per_request() {
    let a = AttributeUpdate::new("given_name", "A").unwrap();
    let b = AttributeUpdate::new("family_name", "B").unwrap();
    assert_eq!(
        AttributeChanges::new(vec![a.clone(), b.clone()])
            .unwrap()
            .updates(),
        [a.clone(), b.clone()]
    );
    assert_eq!(
        AttributeChanges::new(vec![a.clone(), b, a]),
        Err(AttributeProblem::Repeated { name: "given_name" })
    );
    assert_eq!(
        AttributeChanges::new(vec![]),
        Err(AttributeProblem::Empty { name: "attributes" })
    );
}
