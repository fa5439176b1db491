//! clap's own words in Vietnamese: the help layout (usage, headings, the help and version
//! flags, default and possible values) and the parse errors, so that a Vietnamese run prints
//! no English. English runs keep clap's text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The command tree with Vietnamese headings and flag texts.
pub(crate) fn localize(cmd: Command, root: bool) -> Command {
    let mut cmd = cmd
        .help_template(
            "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}",
        )
        .subcommand_help_heading("Lệnh")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In trợ giúp"),
        );
    if root {
        cmd = cmd
            .disable_help_subcommand(true)
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("In số phiên bản"),
            );
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, localize_arg);
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, |s| localize(s, false));
    }
    cmd
}

fn localize_arg(a: Arg) -> Arg {
    let heading = if a.is_positional() {
        "Đối số"
    } else {
        "Tùy chọn"
    };
    let mut a = match a.get_help_heading() {
        Some(_) => a,
        None => a.help_heading(heading),
    };
    // Flags hold true/false internally: nothing to show.
    if !a.get_action().takes_values() {
        return a;
    }
    let mut notes = Vec::new();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        notes.push(format!("mặc định: {}", defaults.join(", ")));
        a = a.hide_default_value(true);
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let named = values.iter().all(|v| help.contains(v.as_str()));
    if !values.is_empty() && !a.is_hide_possible_values_set() && !named {
        notes.push(format!("giá trị: {}", values.join(", ")));
    }
    if !values.is_empty() {
        a = a.hide_possible_values(true);
    }
    if let Some(env) = a.get_env().map(|e| e.to_string_lossy().into_owned())
        && !a.is_hide_env_set()
    {
        notes.push(format!("biến môi trường: {env}"));
        a = a.hide_env(true);
    }
    if notes.is_empty() {
        return a;
    }
    a.help(format!("{help} [{}]", notes.join("; ")))
}

/// A parse error in Vietnamese, or `None` for the kinds clap prints as help or version.
pub(crate) fn error_message(e: &clap::Error) -> Option<String> {
    let text = |k| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let mut msg = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::MissingRequiredArgument => format!("thiếu đối số bắt buộc: {arg}"),
        ErrorKind::UnknownArgument => format!("không có tùy chọn '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh '{}'", text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("'{arg}' cần một giá trị"),
        ErrorKind::InvalidValue => format!("giá trị '{value}' không hợp lệ cho '{arg}'"),
        ErrorKind::ValueValidation => format!("giá trị '{value}' của '{arg}' không hợp lệ"),
        ErrorKind::ArgumentConflict => {
            format!("'{arg}' không dùng cùng '{}'", text(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues => format!("thừa giá trị '{value}' cho '{arg}'"),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("'{arg}' không đủ giá trị")
        }
        ErrorKind::MissingSubcommand => "cần chọn một lệnh".to_string(),
        ErrorKind::NoEquals => format!("'{arg}' cần dấu '=' trước giá trị"),
        ErrorKind::InvalidUtf8 => format!("'{arg}' chứa byte không phải UTF-8"),
        _ => return Some(e.render().to_string()),
    };
    msg = format!("lỗi: {msg}\n");
    for (kind, label) in [
        (ContextKind::ValidValue, "giá trị hợp lệ"),
        (ContextKind::SuggestedArg, "gợi ý"),
        (ContextKind::SuggestedSubcommand, "gợi ý"),
        (ContextKind::SuggestedValue, "gợi ý"),
    ] {
        let t = text(kind);
        if !t.is_empty() {
            msg.push_str(&format!("  {label}: {t}\n"));
        }
    }
    let usage = text(ContextKind::Usage);
    if let Some(u) = usage.trim().strip_prefix("Usage:") {
        msg.push_str(&format!("\nCách dùng:{u}\n"));
    }
    msg.push_str("\nXem thêm: --help\n");
    Some(msg)
}
