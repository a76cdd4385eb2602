//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. Rules carry their docs
//! from `rules/`; results carry stable `partialFingerprints`, related locations and fixes.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{cell_note, file_region};
use crate::diagnostic::{Category, Confidence, Diagnostic, RuleMeta, Severity};
use crate::rules;
use crate::run::fingerprint::fingerprints;
use crate::source::path_string;
use crate::{FileReport, Report};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = crate::rules::HOME;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let root = std::env::current_dir()
        .map(|d| file_uri(&d))
        .unwrap_or_else(|_| "file:///".into());
    let mut results = Vec::new();
    for file in &report.files {
        for (d, fingerprint) in file.diagnostics.iter().zip(fingerprints(file)) {
            results.push(result(file, d, &fingerprint));
        }
    }
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "sqlhound",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules::all().map(rule).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root } },
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(meta: &RuleMeta) -> Value {
    let body = rules::doc_body(meta.doc).trim();
    let what = section(body, "What it does").unwrap_or(meta.summary);
    let mut properties = json!({
        "tags": [meta.category.as_str(), "sql"],
        "precision": match meta.confidence {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        },
    });
    if meta.category == Category::Security {
        let score = match meta.default_severity {
            Severity::Error => "8.0",
            Severity::Warning => "5.0",
            Severity::Info => "2.0",
        };
        properties["security-severity"] = json!(score);
    }
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": what },
        "help": { "text": body, "markdown": body },
        "helpUri": crate::rules::doc_url(meta),
        "defaultConfiguration": { "level": level(meta.default_severity), "enabled": meta.default_enabled },
        "properties": properties,
    })
}

/// The text of a `## heading` section of a rule doc, up to the next heading.
fn section<'a>(body: &'a str, heading: &str) -> Option<&'a str> {
    let start = body.find(&format!("## {heading}\n"))? + heading.len() + 4;
    let rest = &body[start..];
    Some(rest[..rest.find("\n## ").unwrap_or(rest.len())].trim())
}

/// Where a span is in the file; in a notebook, in its JSON, at the cell's line.
fn location(file: &FileReport, span: &std::ops::Range<usize>) -> Value {
    let at = file_region(file, span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri_path(&path_string(&file.path)), "uriBaseId": "%SRCROOT%" },
            "region": {
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column,
            },
        }
    })
}

fn result(file: &FileReport, d: &Diagnostic, fingerprint: &str) -> Value {
    let mut message = format!("{}{}", cell_note(file, &d.span), d.message);
    if let Some(help) = &d.help {
        message.push_str(". Help: ");
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rules::index_of(d.rule),
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [location(file, &d.span)],
        "partialFingerprints": { "sqlhound/v1": fingerprint },
    });
    if !d.labels.is_empty() {
        result["relatedLocations"] = d
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| {
                let mut related = location(file, &label.span);
                related["id"] = json!(id);
                related["message"] = json!({ "text": &*label.message });
                related
            })
            .collect();
    }
    if let Some(cell) = super::region(file, &d.span).cell {
        result["properties"] = json!({ "cell": cell });
    }
    // A notebook's edits are in its cells' text, not in its JSON.
    if let Some(fix) = d.fix.as_ref().filter(|_| file.notebook.is_none()) {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                let at = file_region(file, &edit.span);
                json!({
                    "deletedRegion": {
                        "startLine": at.line,
                        "startColumn": at.column,
                        "endLine": at.end_line,
                        "endColumn": at.end_column,
                    },
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri_path(&path_string(&file.path)), "uriBaseId": "%SRCROOT%" },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// Percent-encodes a relative path for a URI, keeping `/`.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn file_uri(dir: &std::path::Path) -> String {
    let path = path_string(dir);
    let path = path.trim_end_matches('/');
    let lead = if path.starts_with('/') { "" } else { "/" };
    format!("file://{lead}{}/", uri_path(path))
}
