//! The examples at the end of each command's `--help`: one table, both languages. The
//! command lines are the same in both; only the notes after `#` are translated.

/// (command, examples) with notes as "vi|en".
const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "check",
        &[
            (
                "qmsdoc check",
                "cả HTQLCL ở thư mục hiện tại|the whole QMS in this folder",
            ),
            (
                "qmsdoc check procedures/ho-tich/QT-HT-01.md",
                "chỉ báo cho một tệp|report on one file only",
            ),
            (
                "qmsdoc check --format github",
                "chú thích trong GitHub/Gitea Actions|annotations in GitHub/Gitea Actions",
            ),
            (
                "qmsdoc check --pending --deny warnings",
                "CI: thay đổi chưa công bố là lỗi|CI: unpublished changes fail",
            ),
        ],
    ),
    (
        "rules",
        &[
            ("qmsdoc rules", "mọi quy tắc|every rule"),
            (
                "qmsdoc rules T002",
                "giải thích một quy tắc|explain one rule",
            ),
        ],
    ),
    (
        "list",
        &[
            (
                "qmsdoc list --kind procedure",
                "các quy trình|the procedures",
            ),
            (
                "qmsdoc list --format csv > danh-muc.csv",
                "danh mục cho Excel|the register for a spreadsheet",
            ),
        ],
    ),
    (
        "publish",
        &[
            (
                "qmsdoc publish",
                "kế hoạch: tài liệu nào đổi, lần ban hành mới|the plan: what changed, new revisions",
            ),
            (
                "qmsdoc publish --apply --number 15 --date 02/03/2026",
                "công bố: commit, tag, quyết định|publish: commit, tag, decision",
            ),
            (
                "qmsdoc publish --apply --number 15 --date 02/03/2026 --p12 chu-tich.p12",
                "công bố và ký số quyết định|publish and sign the decision",
            ),
        ],
    ),
    (
        "history",
        &[(
            "qmsdoc history QT-HT-01",
            "các lần ban hành đã công bố|published revisions",
        )],
    ),
    (
        "diff",
        &[
            (
                "qmsdoc diff QT-HT-01",
                "bản đang sửa so với lần công bố trước|the edited copy against the last publication",
            ),
            (
                "qmsdoc diff QT-HT-01 --from 1 --to 2",
                "giữa hai lần ban hành|between two revisions",
            ),
        ],
    ),
    (
        "render",
        &[
            (
                "qmsdoc render QT-HT-01",
                "ra out/QT-HT-01.pdf|to out/QT-HT-01.pdf",
            ),
            (
                "qmsdoc render --all -o niem-yet",
                "mọi tài liệu hiệu lực và danh mục|every document in force and the register",
            ),
        ],
    ),
    (
        "sign",
        &[
            (
                "qmsdoc sign qd.pdf -o qd-ky.pdf --p12 chu-tich.p12",
                "mật khẩu: QMSDOC_P12_PASS hoặc hỏi|password: QMSDOC_P12_PASS or a prompt",
            ),
            (
                "qmsdoc sign qd.pdf -o qd-ky.pdf --pkcs11 /usr/lib/libeToken.so --token \"Chu tich\"",
                "USB token|a USB token",
            ),
            (
                "qmsdoc sign qd.pdf -o qd-ky.pdf --sign-command ./ky.sh --cert chuoi.pem",
                "chương trình ngoài ký giá trị băm|an external program signs the hash",
            ),
            (
                "qmsdoc sign qd.pdf -o qd-ky.pdf --csc https://rs.vi-du.vn/csc/v1",
                "ký số từ xa (API CSC), token: QMSDOC_CSC_TOKEN|remote signing (CSC API), token: QMSDOC_CSC_TOKEN",
            ),
            (
                "qmsdoc sign publish/qms/1/QD-01-2026.pdf -o publish/qms/1/QD-01-2026.pdf --as co-quan --p12 co-quan.p12",
                "văn thư ký số của cơ quan sau người ký: con dấu đúng cỡ thật|the clerk adds the agency's signature after the signer's: the seal at its real size",
            ),
        ],
    ),
    (
        "trust",
        &[
            (
                "qmsdoc trust",
                "chứng thư gốc Việt Nam đi kèm, nguồn, SHA-256|the bundled Vietnamese roots, source, SHA-256",
            ),
            (
                "qmsdoc trust --trust-list danh-sach-moi.pem --format json",
                "thêm một danh sách tin cậy|with another trust list",
            ),
        ],
    ),
    (
        "ltv",
        &[
            (
                "qmsdoc ltv qd-ky.pdf --trust root-ca.pem --tsa http://tsa.example.vn/",
                "DSS và dấu thời gian tài liệu (B-LTA)|DSS and a document timestamp (B-LTA)",
            ),
            (
                "qmsdoc ltv qd-ky.pdf -o qd-ltv.pdf --no-timestamp",
                "chỉ DSS (B-LT)|the DSS only (B-LT)",
            ),
        ],
    ),
    (
        "timestamp",
        &[(
            "qmsdoc timestamp qd-ltv.pdf --tsa http://tsa.example.vn/",
            "gia hạn bằng dấu thời gian tài liệu mới|renew with a new document timestamp",
        )],
    ),
    (
        "verify",
        &[
            (
                "qmsdoc verify qd-ky.pdf --trust root-ca.pem",
                "người ký, chuỗi chứng thư, toàn vẹn|signer, chain, integrity",
            ),
            (
                "qmsdoc verify publish/qms/3",
                "bộ niêm yết so với manifest.json|a posted bundle against manifest.json",
            ),
        ],
    ),
    (
        "export",
        &[
            (
                "qmsdoc export opencps -o quy-trinh.zip",
                "mọi quy trình, để nhập vào OpenCPS|every procedure, to import into OpenCPS",
            ),
            (
                "qmsdoc export opencps QT-HT-01 1.001193 -o ho-tich.zip",
                "một số quy trình (mã quy trình hoặc mã TTHC)|some procedures (procedure or TTHC code)",
            ),
            (
                "qmsdoc export bpmn -o bpmn/",
                "mỗi quy trình một tệp BPMN 2.0, mở được bằng công cụ mô hình hoá|one BPMN 2.0 file per procedure, for modelling tools",
            ),
        ],
    ),
    (
        "compare",
        &[
            (
                "qmsdoc compare --opencps backup.zip",
                "so phần mềm một cửa với các quy trình|check the one-stop software against the procedures",
            ),
            (
                "qmsdoc compare --opencps backup.zip QT-HT-01 --format sarif",
                "một quy trình, cho CI|one procedure, for CI",
            ),
            (
                "qmsdoc compare --bpmn bpmn/",
                "so các quy trình BPMN (từ phần mềm khác) với các quy trình|check BPMN workflows (from other software) against the procedures",
            ),
        ],
    ),
    (
        "due",
        &[
            (
                "qmsdoc due QT-HT-01 --from \"2026-12-29 15:10\"",
                "ngày giờ hẹn trả kết quả|when the result is due",
            ),
            (
                "qmsdoc due 1.001193 --from 29/12/2026 --format json",
                "cho phần mềm một cửa|for one-stop software",
            ),
            (
                "qmsdoc due QT-SL-04 --case 2",
                "quy trình có thời hạn theo trường hợp|a procedure with a limit per case",
            ),
        ],
    ),
    (
        "calendar",
        &[(
            "qmsdoc calendar 2026",
            "ngày lễ, nghỉ bù, số ngày làm việc|holidays, days off, working days",
        )],
    ),
    (
        "import",
        &[
            (
                "qmsdoc import qd-2682.docx --dry-run",
                "xem trước, không ghi gì|preview, write nothing",
            ),
            (
                "qmsdoc import qd-2682.docx --only 1.001193",
                "một TTHC|one TTHC",
            ),
        ],
    ),
    (
        "init",
        &[(
            "qmsdoc init tan-hoa --agency \"Ủy ban nhân dân xã Tân Hòa\" --head \"Nguyễn Văn An\"",
            "HTQLCL mới|a new QMS",
        )],
    ),
    (
        "new",
        &[
            (
                "qmsdoc new procedure --code QT-HT-12 --title \"Đăng ký kết hôn\" --tthc 1.000894",
                "quy trình TTHC, điền sẵn từ danh mục|a TTHC procedure, filled from the catalog",
            ),
            (
                "qmsdoc new form --code BM-HT-12-01 --title \"Tờ khai\"",
                "biểu mẫu|a form",
            ),
        ],
    ),
    (
        "schema",
        &[(
            "qmsdoc schema -o .vscode/qmsdoc.schema.json",
            "cho trình soạn thảo|for an editor",
        )],
    ),
    (
        "score",
        &[
            (
                "qmsdoc score --year 2026",
                "tự đánh giá theo tiêu chí mẫu (chưa có điểm)|self-assessment on the template criteria (no points)",
            ),
            (
                "qmsdoc score --criteria tieu-chi-tinh.yaml --format json",
                "theo bộ tiêu chí của tỉnh|on the province's criteria",
            ),
            (
                "qmsdoc score --criteria tieu-chi-tinh.yaml --format html > tu-danh-gia.html",
                "trang HTML để in, niêm yết, lưu hồ sơ kiểm tra|an HTML page to print, post or keep with the inspection file",
            ),
            (
                "qmsdoc score --criteria tieu-chi-tinh.yaml --format pdf -o bao-cao.pdf",
                "PDF có khối chữ ký, rồi qmsdoc sign|a PDF with the signature block, then qmsdoc sign",
            ),
            (
                "qmsdoc score --criteria-template > tieu-chi.yaml",
                "mẫu tiêu chí để tỉnh điền điểm|the criteria template for the province's points",
            ),
        ],
    ),
    (
        "completions",
        &[(
            "qmsdoc completions bash > ~/.local/share/bash-completion/completions/qmsdoc",
            "bash",
        )],
    ),
    (
        "man",
        &[(
            "qmsdoc man -o ~/.local/share/man/man1",
            "rồi: man qmsdoc-check|then: man qmsdoc-check",
        )],
    ),
];

/// The examples of `command` as the end of its help, in the run's language.
pub(crate) fn of(command: &str) -> Option<String> {
    let (_, lines) = EXAMPLES.iter().find(|(c, _)| *c == command)?;
    let vi = crate::i18n::lang() == crate::i18n::Lang::Vi;
    let width = lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::from(if vi { "Ví dụ:\n" } else { "Examples:\n" });
    for (line, note) in *lines {
        let (note_vi, note_en) = note.split_once('|').unwrap_or((note, note));
        let note = if vi { note_vi } else { note_en };
        let pad = width - line.chars().count();
        out.push_str(&format!("  {line}{}   # {note}\n", " ".repeat(pad)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::EXAMPLES;

    /// A command line as a shell splits it (double quotes), up to a redirection.
    fn words(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let (mut word, mut quoted, mut any) = (String::new(), false, false);
        for c in line.chars() {
            match c {
                '"' => (quoted, any) = (!quoted, true),
                '>' if !quoted => break,
                ' ' if !quoted => {
                    if any {
                        out.push(std::mem::take(&mut word));
                    }
                    any = false;
                }
                _ => (word.push(c), any = true).1,
            }
        }
        if any {
            out.push(word);
        }
        out
    }

    /// Every command has examples, and every example is a command line the parser accepts.
    #[test]
    fn every_command_has_examples_the_parser_accepts() {
        let cmd = super::super::command();
        for sub in cmd.get_subcommands() {
            assert!(
                EXAMPLES.iter().any(|(c, _)| *c == sub.get_name()),
                "no examples for {}",
                sub.get_name()
            );
        }
        for (name, lines) in EXAMPLES {
            for (line, _) in *lines {
                let args = words(line);
                assert_eq!(args[1], *name, "{line}");
                if let Err(e) = super::super::command().try_get_matches_from(&args) {
                    panic!("{line}: {e}");
                }
            }
        }
    }
}
