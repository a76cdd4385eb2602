//! Bytes to text: UTF-8 (with or without a BOM), UTF-16 with a BOM, and Python files in
//! the encoding their PEP 263 comment declares. The text is UTF-8 from then on; the
//! encoding is kept so that fixes are written back the way the file was.

use super::SourceKind;

/// How a file's bytes became its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    /// UTF-16 with a byte-order mark, which the text keeps as U+FEFF.
    Utf16 { big_endian: bool },
    /// ISO-8859-1 as Python reads it: every byte is the character of that number.
    Latin1,
    /// Another encoding a PEP 263 comment declares.
    Declared(&'static encoding_rs::Encoding),
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16 { big_endian: false } => "UTF-16LE",
            Self::Utf16 { big_endian: true } => "UTF-16BE",
            Self::Latin1 => "ISO-8859-1",
            Self::Declared(encoding) => encoding.name(),
        }
    }

    /// The text in this encoding; `None` when a character has no encoding in it, or the
    /// bytes would not read back as the same text.
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        let bytes = match self {
            Self::Utf8 => return Some(text.as_bytes().to_vec()),
            Self::Utf16 { big_endian } => text
                .encode_utf16()
                .flat_map(|unit| {
                    if big_endian {
                        unit.to_be_bytes()
                    } else {
                        unit.to_le_bytes()
                    }
                })
                .collect(),
            Self::Latin1 => text
                .chars()
                .map(|c| u8::try_from(c).ok())
                .collect::<Option<Vec<u8>>>()?,
            Self::Declared(encoding) => {
                let (bytes, _, unmappable) = encoding.encode(text);
                if unmappable {
                    return None;
                }
                bytes.into_owned()
            }
        };
        (self.decode_body(&bytes)? == text).then_some(bytes)
    }

    /// Bytes in this encoding (a UTF-16 BOM included) as text, or `None` when malformed.
    fn decode_body(self, bytes: &[u8]) -> Option<String> {
        match self {
            Self::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_string),
            Self::Utf16 { big_endian } => {
                let encoding = if big_endian {
                    encoding_rs::UTF_16BE
                } else {
                    encoding_rs::UTF_16LE
                };
                // The BOM is decoded too, as U+FEFF: the text starts the way a UTF-8 file
                // with a BOM does, and encoding it back writes the BOM again.
                encoding
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .map(|text| text.into_owned())
            }
            Self::Latin1 => Some(bytes.iter().map(|&b| char::from(b)).collect()),
            Self::Declared(encoding) => encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| text.into_owned()),
        }
    }
}

/// A file's bytes as text, and how they were encoded; or why they cannot be read.
pub fn decode(bytes: Vec<u8>, kind: SourceKind) -> Result<(String, Encoding), String> {
    let encoding = if bytes.starts_with(&[0xFF, 0xFE]) {
        Encoding::Utf16 { big_endian: false }
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Encoding::Utf16 { big_endian: true }
    } else if kind == SourceKind::Python {
        python_encoding(&bytes)?
    } else {
        Encoding::Utf8
    };
    // NULs near the start mean binary; in UTF-16 they are only half a character.
    let binary = || Err("it looks binary (it contains NUL bytes)".to_string());
    let utf16 = matches!(encoding, Encoding::Utf16 { .. });
    if !utf16 && bytes.iter().take(8192).any(|&b| b == 0) {
        return binary();
    }
    let text = match encoding {
        // No copy for the common case.
        Encoding::Utf8 => {
            String::from_utf8(bytes).map_err(|e| not_utf8(e.as_bytes(), e.utf8_error()))?
        }
        other => other
            .decode_body(&bytes)
            .ok_or_else(|| format!("it is not valid {}", other.name()))?,
    };
    if utf16 && text.chars().take(8192).any(|c| c == '\0') {
        return binary();
    }
    Ok((text, encoding))
}

fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> String {
    let at = error.valid_up_to();
    let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line = super::LineIndex::new(valid).line_count();
    format!(
        "it is not valid UTF-8 (line {line}, byte {at}); sqlhound reads UTF-8, UTF-16 with a byte-order mark, and Python files in the encoding they declare"
    )
}

/// The encoding a Python file declares on its first or second line (PEP 263), UTF-8 if
/// none. The second line counts only after a blank or comment line, as in Python.
fn python_encoding(bytes: &[u8]) -> Result<Encoding, String> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let has_bom = bytes.starts_with(BOM);
    let text = if has_bom { &bytes[BOM.len()..] } else { bytes };
    let (first, rest) = split_line(text);
    let declared = coding_cookie(first).or_else(|| {
        let blank_or_comment = matches!(
            first.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\x0C')),
            None | Some(b'#')
        );
        blank_or_comment
            .then(|| coding_cookie(split_line(rest).0))
            .flatten()
    });
    let Some(name) = declared else {
        return Ok(Encoding::Utf8);
    };
    let encoding = encoding_named(&name)
        .ok_or_else(|| format!("it declares the encoding `{name}`, which sqlhound cannot read"))?;
    if has_bom && encoding != Encoding::Utf8 {
        return Err(format!(
            "it starts with a UTF-8 byte-order mark but declares the encoding `{name}`"
        ));
    }
    Ok(encoding)
}

/// The first line (without its end: `\n`, `\r\n` or `\r`) and the rest.
fn split_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(end) => {
            let next = if bytes[end..].starts_with(b"\r\n") {
                end + 2
            } else {
                end + 1
            };
            (&bytes[..end], &bytes[next..])
        }
        None => (bytes, &[]),
    }
}

/// The name in `# -*- coding: NAME -*-` / `# vim: set fileencoding=NAME :`, if the line is
/// such a comment (Python's `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`).
fn coding_cookie(line: &[u8]) -> Option<String> {
    let line = std::str::from_utf8(line).ok()?;
    let comment = line
        .trim_start_matches([' ', '\t', '\x0C'])
        .strip_prefix('#')?;
    let at = comment
        .match_indices("coding")
        .map(|(i, _)| i + "coding".len())
        .find(|&i| matches!(comment.as_bytes().get(i), Some(b':' | b'=')))?;
    let name: String = comment[at + 1..]
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// An encoding by the names Python knows it by; `None` for one sqlhound cannot read
/// (Python source must be ASCII-compatible, so UTF-16 and the like are refused too).
fn encoding_named(name: &str) -> Option<Encoding> {
    let normal = name.to_ascii_lowercase().replace('_', "-");
    let is = |base: &str| normal == base || normal.starts_with(&format!("{base}-"));
    if is("utf-8") || normal == "utf8" || normal == "ascii" || normal == "us-ascii" {
        return Some(Encoding::Utf8);
    }
    // The web's labels read latin-1 as windows-1252; Python reads it byte for byte.
    if is("latin-1")
        || is("iso-8859-1")
        || is("iso-latin-1")
        || ["latin1", "latin", "l1", "iso8859-1", "8859", "cp819"].contains(&normal.as_str())
    {
        return Some(Encoding::Latin1);
    }
    let encoding = encoding_rs::Encoding::for_label(name.as_bytes())
        .or_else(|| encoding_rs::Encoding::for_label(normal.as_bytes()))?;
    if encoding == encoding_rs::UTF_8 {
        Some(Encoding::Utf8)
    } else if encoding.is_ascii_compatible() {
        Some(Encoding::Declared(encoding))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        Encoding::Utf16 { big_endian }
            .encode(&format!("\u{feff}{text}"))
            .unwrap_or_default()
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_and_encoded_back() {
        for big_endian in [false, true] {
            let bytes = utf16("SELECT 'é😀';\n", big_endian);
            assert_eq!(bytes.len(), 2 + 2 * 14);
            let (text, encoding) = decode(bytes.clone(), SourceKind::Sql).unwrap_or_default();
            assert_eq!(text, "\u{feff}SELECT 'é😀';\n");
            assert_eq!(encoding, Encoding::Utf16 { big_endian });
            assert_eq!(encoding.encode(&text), Some(bytes));
        }
        let odd = vec![0xFF, 0xFE, b'S'];
        assert_eq!(
            decode(odd, SourceKind::Sql).err().as_deref(),
            Some("it is not valid UTF-16LE")
        );
        let binary = vec![0xFF, 0xFE, 0, 0, b'S', 0];
        assert!(decode(binary, SourceKind::Sql).is_err_and(|e| e.contains("binary")));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert!(decode(png, SourceKind::Sql).is_err_and(|e| e.contains("binary")));
    }

    #[test]
    fn python_files_are_read_in_the_encoding_they_declare() {
        let bytes = b"# -*- coding: latin-1 -*-\nq = 'caf\xe9 \x85'\n".to_vec();
        let (text, encoding) = decode(bytes.clone(), SourceKind::Python).unwrap_or_default();
        assert_eq!(text, "# -*- coding: latin-1 -*-\nq = 'café \u{85}'\n");
        assert_eq!(encoding, Encoding::Latin1);
        assert_eq!(encoding.encode(&text), Some(bytes));
        assert_eq!(encoding.encode("q = '€'"), None);

        let second_line = b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nq = '\x80'\n";
        let (text, encoding) = decode(second_line.to_vec(), SourceKind::Python).unwrap_or_default();
        assert!(text.ends_with("q = '€'\n"), "{text}");
        assert_eq!(encoding, Encoding::Declared(encoding_rs::WINDOWS_1252));

        // After a line of code, a second line is not a declaration.
        let late = b"import os\n# coding: latin-1\nq = '\xe9'\n".to_vec();
        assert!(decode(late, SourceKind::Python).is_err_and(|e| e.contains("not valid UTF-8")));
        // .sql files have no declarations.
        let sql = b"-- coding: latin-1\nSELECT '\xe9';\n".to_vec();
        assert!(decode(sql, SourceKind::Sql).is_err());
    }

    #[test]
    fn unknown_and_unreadable_declared_encodings_are_named() {
        let unknown = b"# coding: klingon\nq = 1\n".to_vec();
        assert_eq!(
            decode(unknown, SourceKind::Python).err().as_deref(),
            Some("it declares the encoding `klingon`, which sqlhound cannot read")
        );
        for refused in ["utf-16", "iso-2022-kr"] {
            let bytes = format!("# coding: {refused}\r\nq = 1\n").into_bytes();
            let error = decode(bytes, SourceKind::Python).err().unwrap_or_default();
            assert!(error.contains(&format!("`{refused}`")), "{error}");
        }
        let utf8 = b"# -*- coding: utf_8 -*-\nq = '\xc3\xa9'\n".to_vec();
        assert_eq!(
            decode(utf8, SourceKind::Python).map(|(_, e)| e),
            Ok(Encoding::Utf8)
        );
    }

    #[test]
    fn a_utf8_bom_stays_in_the_text() {
        let (text, encoding) =
            decode(b"\xEF\xBB\xBFSELECT 1;".to_vec(), SourceKind::Sql).unwrap_or_default();
        assert_eq!(
            (text.as_str(), encoding),
            ("\u{feff}SELECT 1;", Encoding::Utf8)
        );
    }
}
