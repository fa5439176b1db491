//! Who makes a commit, by git's own rules (libgit2's `Repository::signature` reads only
//! `user.name` and `user.email`): the author from `GIT_AUTHOR_NAME` / `GIT_AUTHOR_EMAIL`,
//! else `author.name` / `author.email`, else `user.name` / `user.email`; the committer (also
//! the tagger) likewise from `GIT_COMMITTER_*` and `committer.*`; `EMAIL` as the last resort
//! for an address.

/// The author and the committer of a commit.
pub(crate) struct Identities {
    pub(crate) author: git2::Signature<'static>,
    pub(crate) committer: git2::Signature<'static>,
}

/// The identities for a commit in `repo`, or None when git would not know either.
pub(crate) fn identities(repo: &git2::Repository) -> Option<Identities> {
    let config = repo.config().ok()?.snapshot().ok()?;
    let env = |name: &str| std::env::var(name).ok();
    let lookup = |key: &str| config.get_string(key).ok();
    resolve(&env, &lookup)
}

/// The same rules with the environment and the configuration given, for the tests.
fn resolve(
    env: &dyn Fn(&str) -> Option<String>,
    config: &dyn Fn(&str) -> Option<String>,
) -> Option<Identities> {
    let one = |role: &str| {
        let upper = role.to_ascii_uppercase();
        let pick = |var: String, keys: [String; 2], last: Option<String>| {
            env(&var)
                .into_iter()
                .chain(keys.iter().filter_map(|k| config(k)))
                .chain(last)
                .map(|v| v.trim().to_string())
                .find(|v| !v.is_empty())
        };
        let name = pick(
            format!("GIT_{upper}_NAME"),
            [format!("{role}.name"), "user.name".into()],
            None,
        )?;
        let email = pick(
            format!("GIT_{upper}_EMAIL"),
            [format!("{role}.email"), "user.email".into()],
            env("EMAIL"),
        )?;
        git2::Signature::now(&name, &email).ok()
    };
    Some(Identities {
        author: one("author")?,
        committer: one("committer")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(env: &[(&str, &str)], config: &[(&str, &str)]) -> Option<(String, String)> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let config: HashMap<String, String> = config
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let ids = resolve(&|k| env.get(k).cloned(), &|k| config.get(k).cloned())?;
        let show = |s: &git2::Signature| {
            format!("{} <{}>", s.name().unwrap_or(""), s.email().unwrap_or(""))
        };
        Some((show(&ids.author), show(&ids.committer)))
    }

    #[test]
    fn environment_first_then_role_then_user_then_email() {
        let user = [("user.name", "Config"), ("user.email", "c@x")];
        assert_eq!(
            with(&[], &user),
            Some(("Config <c@x>".into(), "Config <c@x>".into()))
        );
        let env = [
            ("GIT_AUTHOR_NAME", "Tác giả"),
            ("GIT_AUTHOR_EMAIL", "a@x"),
            ("GIT_COMMITTER_NAME", "CI"),
            ("GIT_COMMITTER_EMAIL", "ci@x"),
        ];
        assert_eq!(
            with(&env, &user),
            Some(("Tác giả <a@x>".into(), "CI <ci@x>".into()))
        );
        assert_eq!(with(&env, &[]), with(&env, &user));
        let roles = [("author.name", "A"), ("committer.email", "k@x")];
        assert_eq!(
            with(&[("EMAIL", "e@x")], &[&user[..], &roles[..]].concat()),
            Some(("A <c@x>".into(), "Config <k@x>".into()))
        );
        assert_eq!(
            with(
                &[
                    ("GIT_AUTHOR_NAME", "A"),
                    ("GIT_COMMITTER_NAME", "C"),
                    ("EMAIL", "e@x")
                ],
                &[]
            ),
            Some(("A <e@x>".into(), "C <e@x>".into()))
        );
        assert_eq!(with(&[("GIT_AUTHOR_NAME", "A")], &[]), None);
    }
}
