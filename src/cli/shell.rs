//! `qmsdoc completions SHELL` and `qmsdoc man`: generated from the same definitions the parser
//! uses, in the language of the run.

use super::{OK, command};
use crate::i18n::tr;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum, help = tr("bash, zsh, fish, powershell hoặc elvish", "bash, zsh, fish, powershell or elvish"))]
    shell: clap_complete::Shell,
}

pub(super) fn completions(args: CompletionsArgs) -> super::error::Result<u8> {
    let mut cmd = command();
    clap_complete::generate(args.shell, &mut cmd, "qmsdoc", &mut std::io::stdout());
    Ok(OK)
}

#[derive(clap::Args)]
pub struct ManArgs {
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        help = tr(
            "Ghi qmsdoc.1 và một trang cho mỗi lệnh (qmsdoc-check.1…) vào thư mục này",
            "Write qmsdoc.1 and one page per command (qmsdoc-check.1…) into this folder"
        )
    )]
    output: Option<PathBuf>,
}

pub(super) fn man(args: ManArgs) -> super::error::Result<u8> {
    let cmd = command();
    match args.output {
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?,
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(cmd, &dir)?;
        }
    }
    Ok(OK)
}
