//! Tests of `password`: the policy's rules, every unmet one reported, the value never shown.

use super::*;

fn strict() -> PasswordPolicy {
    PasswordPolicy {
        min_length: 12,
        require_lowercase: true,
        require_uppercase: true,
        require_numbers: true,
        require_symbols: true,
    }
}

#[test]
fn a_password_never_shows_in_debug() {
    let shown = format!("{:?}", Password::new("Hunter2-Secret!"));
    assert_eq!(shown, "Password([redacted])");
}

#[test]
fn every_unmet_rule_is_reported_not_just_the_first() {
    assert_eq!(
        unmet_rules(&strict(), &Password::new("abc")),
        vec![
            PasswordRule::MinLength(12),
            PasswordRule::Uppercase,
            PasswordRule::Number,
            PasswordRule::Symbol,
        ]
    );
    assert_eq!(
        unmet_rules(&strict(), &Password::new("")),
        vec![
            PasswordRule::MinLength(12),
            PasswordRule::Lowercase,
            PasswordRule::Uppercase,
            PasswordRule::Number,
            PasswordRule::Symbol,
        ]
    );
    assert!(unmet_rules(&strict(), &Password::new("Demo-Passw0rd!")).is_empty());
}

#[test]
fn the_policy_decides_which_classes_are_required() {
    let lenient = PasswordPolicy {
        min_length: 6,
        require_lowercase: false,
        require_uppercase: false,
        require_numbers: false,
        require_symbols: false,
    };
    assert!(unmet_rules(&lenient, &Password::new("abcdef")).is_empty());
    assert_eq!(
        requirements(&lenient),
        vec![
            PasswordRule::MinLength(6),
            PasswordRule::MaxLength,
            PasswordRule::NoEdgeSpace
        ]
    );
    assert_eq!(requirements(&strict()).len(), 7);
}

#[test]
fn length_counts_characters_and_has_cognitos_ceiling() {
    // 12 characters, 24 bytes: long enough.
    let p = Password::new("ééééééAb1!xx");
    assert!(PasswordRule::MinLength(12).met_by(&p));
    assert!(!PasswordRule::MinLength(13).met_by(&p));
    let long = Password::new(format!("Aa1!{}", "x".repeat(MAX_PASSWORD_CHARS)));
    assert_eq!(unmet_rules(&strict(), &long), vec![PasswordRule::MaxLength]);
}

#[test]
fn classes_are_basic_latin_and_symbols_are_cognitos() {
    // Non-Latin letters and digits do not count, as for Cognito.
    let p = Password::new("ÄÖÜäöü١٢٣");
    assert!(!PasswordRule::Lowercase.met_by(&p));
    assert!(!PasswordRule::Uppercase.met_by(&p));
    assert!(!PasswordRule::Number.met_by(&p));
    for symbol in SYMBOLS.chars() {
        assert!(
            PasswordRule::Symbol.met_by(&Password::new(format!("Abc1{symbol}x"))),
            "{symbol}"
        );
    }
    assert!(!PasswordRule::Symbol.met_by(&Password::new("Abcdef1§")));
    // An inner space counts as a symbol; an edge space does not, and breaks a rule of its own.
    assert!(PasswordRule::Symbol.met_by(&Password::new("Abc def1")));
    assert!(!PasswordRule::Symbol.met_by(&Password::new("Abcdef1 ")));
    assert_eq!(
        unmet_rules(&strict(), &Password::new(" Demo-Passw0rd!")),
        vec![PasswordRule::NoEdgeSpace]
    );
}

#[test]
fn every_rule_has_words() {
    for rule in requirements(&strict()) {
        assert!(!rule.describe().is_empty());
    }
    assert_eq!(
        PasswordRule::MinLength(12).describe(),
        "At least 12 characters"
    );
}
