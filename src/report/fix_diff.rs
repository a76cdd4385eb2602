//! `--diff`: the fixes `--fix` would write, as a unified diff of each file, written
//! nowhere else.

use std::io::{self, Write};

use crate::FixedFile;
use crate::source::path_string;

pub fn render_fix_diff(fixed: &[FixedFile<'_>], out: &mut dyn Write) -> io::Result<()> {
    for file in fixed {
        let path = path_string(&file.file.path);
        // A notebook's fixes are in its JSON, as written.
        let before = file
            .file
            .notebook
            .as_ref()
            .map_or(file.file.text.as_str(), |n| n.json.as_str());
        let diff = similar::TextDiff::from_lines(before, file.text.as_str());
        write!(
            out,
            "{}",
            diff.unified_diff().context_radius(3).header(&path, &path)
        )?;
        writeln!(out)?;
    }
    Ok(())
}
