//! Arbitrary input never panics the parser: random bytes, random text, and YAML-shaped text
//! built from the tokens that break parsers (indentation, flow collections, anchors, quotes).
#![allow(clippy::unwrap_used)] // a test that unwraps fails, which is what it should do

use proptest::prelude::*;
use qmsdoc::source::SourceFile;
use qmsdoc::workspace::parse_document;
use std::sync::Arc;

fn parse(text: String) {
    let file = Arc::new(SourceFile::new("x.md".into(), text));
    let (doc, findings) = parse_document(&file);
    // Every finding must resolve to a position inside the file.
    for f in &findings {
        let (start, end) = f.place.range();
        assert!(start.line >= 1 && end.line >= start.line);
    }
    if let Some(d) = doc {
        let _ = d.code_str();
    }
}

fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("steps".to_string()),
        Just("what".to_string()),
        Just("time".to_string()),
        Just("code".to_string()),
        Just("kind: procedure".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(", ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("<<: ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("|".to_string()),
        Just(">".to_string()),
        Just("#".to_string()),
        Just("!!str ".to_string()),
        Just("2 giờ làm việc".to_string()),
        Just("Tiếp nhận".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("---".to_string()),
        "[a-zà-ỹ0-9 ]{0,8}",
    ];
    proptest::collection::vec(token, 0..60).prop_map(|t| format!("---\n{}\n---\nbody", t.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        parse(s.clone());
        parse(format!("---\n{s}\n---\n"));
    }

    #[test]
    fn arbitrary_yaml_shapes_never_panic(s in yamlish()) {
        parse(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Bytes go through the real binary: invalid UTF-8, NUL bytes, anything.
    #[test]
    fn arbitrary_bytes_never_panic_the_binary(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("qms.yaml"), "agency: {name: X}\n").unwrap();
        let mut content = b"---\n".to_vec();
        content.extend(&bytes);
        std::fs::write(dir.path().join("a.md"), &content).unwrap();
        std::fs::write(dir.path().join("b.md"), &bytes).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qmsdoc"))
            .args(["check", "--format", "json", "."])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let code = out.status.code();
        prop_assert!(code == Some(0) || code == Some(1), "exit {:?}: {}", code, String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        prop_assert!(json["findings"].is_array());
    }
}

/// Words from a Vietnamese alphabet, with runs of spaces, line breaks and long "words".
fn words() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]{1,9}",
        "[A-ZĐƯƠ0-9/.,;:()-]{1,6}",
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\n".to_string()),
        "[a-z]{30,60}",
    ];
    proptest::collection::vec(token, 0..80).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Every line fits its width, and the lines hold every word in order.
    #[test]
    fn line_breaking_keeps_every_word_within_the_width(
        text in words(),
        width in 40.0f32..500.0,
        justify in any::<bool>(),
        indent in 0.0f32..36.0,
    ) {
        use qmsdoc::pdf::font::Face;
        use qmsdoc::pdf::layout::{Align, Mark, Para, Style, lay_para, text_width};
        let align = if justify { Align::Justify } else { Align::Left };
        let p = Para::text(Style::new(13.0).align(align).indent(indent), Face::Regular, text.clone());
        let slices = lay_para(&p, width).unwrap();
        let mut got = String::new();
        for (i, s) in slices.iter().enumerate() {
            for m in &s.marks {
                let Mark::Text { x, text: t, extra, face, size, .. } = m else { continue };
                let w = text_width(t, *face, *size).unwrap() + extra * t.matches(' ').count() as f32;
                // The first line starts at the indent; every line ends inside the width.
                prop_assert!(x + w <= width + 0.05, "line {} ({:?}) ends at {} of {}", i, t, x + w, width);
                got.push_str(t);
            }
            got.push(' ');
        }
        let norm = |s: &str| s.split_whitespace().collect::<String>();
        prop_assert_eq!(norm(&got), norm(&text));
    }

    /// Any Markdown body renders to a PDF (no panic, no error for text the font has).
    #[test]
    fn any_markdown_body_renders(body in proptest::collection::vec(prop_oneof![
        words(),
        Just("\n\n# ".to_string()), Just("\n\n## ".to_string()), Just("\n- ".to_string()),
        Just("\n1. ".to_string()), Just("**".to_string()), Just("*".to_string()),
        Just("\n\n| a | b |\n|---|:-:|\n| ".to_string()), Just(" | ".to_string()),
        Just("\n> ".to_string()), Just("`".to_string()),
    ], 0..40)) {
        let text = format!("---\nkind: procedure\ncode: QT-01\ntitle: Thử\n---\n{}", body.concat());
        let file = Arc::new(SourceFile::new("x.md".into(), text.clone()));
        let doc = parse_document(&file).0.unwrap();
        let config = qmsdoc::model::Config::default();
        let pdf = qmsdoc::pdf::render_document(&config, &doc, &text).map_err(|e| e.describe(file.path(), &text));
        prop_assert!(pdf.is_ok(), "{:?}", pdf.err());
        prop_assert!(pdf.unwrap().bytes.starts_with(b"%PDF-"));
    }
}
