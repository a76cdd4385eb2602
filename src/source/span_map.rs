//! Offsets in extracted SQL text back to offsets in the host file.
//!
//! For a `.sql` file the map is the identity. For SQL pieced together from a host
//! language, each piece of the SQL text maps to the bytes it came from; a piece whose
//! length differs from its origin (a placeholder standing for an interpolation) maps
//! as a whole onto the origin, so a diagnostic on it underlines the interpolation.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    sql: Range<usize>,
    file: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanMap {
    /// Sorted by `sql.start`, not overlapping.
    segments: Vec<Segment>,
}

impl SpanMap {
    /// SQL text that is a verbatim slice of the file starting at `file_start`.
    pub fn identity(len: usize, file_start: usize) -> Self {
        let mut map = Self::default();
        map.push(0..len, file_start..file_start + len);
        map
    }

    /// Appends a piece; pieces must be pushed in SQL order.
    pub fn push(&mut self, sql: Range<usize>, file: Range<usize>) {
        self.segments.push(Segment { sql, file });
    }

    /// The file offset of a SQL offset, if any piece covers it (an offset at the very end
    /// maps to the end of the last piece).
    pub fn offset(&self, sql_offset: usize) -> Option<usize> {
        let index = self
            .segments
            .partition_point(|segment| segment.sql.end <= sql_offset);
        match self.segments.get(index) {
            Some(segment) if segment.sql.start <= sql_offset => Some(segment.map(sql_offset)),
            _ => self
                .segments
                .last()
                .filter(|last| last.sql.end == sql_offset)
                .map(|last| last.file.end),
        }
    }

    /// The file range of a SQL range; `None` when either end falls outside every piece.
    pub fn range(&self, sql: Range<usize>) -> Option<Range<usize>> {
        let start = self.offset(sql.start)?;
        let end = if sql.end > sql.start {
            let last = sql.end - 1;
            let index = self.segments.partition_point(|s| s.sql.end <= last);
            let segment = self.segments.get(index).filter(|s| s.sql.start <= last)?;
            if segment.is_verbatim() {
                segment.map(last) + 1
            } else {
                segment.file.end
            }
        } else {
            start
        };
        Some(start..end.max(start))
    }
}

impl SpanMap {
    /// Appends the map of `other`'s part `sql`, placed at offset `at` of this map's text.
    pub fn append_part(&mut self, other: &SpanMap, sql: Range<usize>, at: usize) {
        for segment in other.slice(sql).segments {
            self.push(segment.sql.start + at..segment.sql.end + at, segment.file);
        }
    }

    /// The map of a part of the SQL text, as if that part were the whole text.
    pub fn slice(&self, sql: Range<usize>) -> SpanMap {
        let mut part = SpanMap::default();
        for segment in &self.segments {
            let start = segment.sql.start.max(sql.start);
            let end = segment.sql.end.min(sql.end);
            if start >= end {
                continue;
            }
            let file = if segment.is_verbatim() {
                segment.map(start)..segment.map(start) + (end - start)
            } else {
                segment.file.clone()
            };
            part.push(start - sql.start..end - sql.start, file);
        }
        part
    }
}

impl Segment {
    fn is_verbatim(&self) -> bool {
        self.sql.len() == self.file.len()
    }

    fn map(&self, sql_offset: usize) -> usize {
        if self.is_verbatim() {
            self.file.start + (sql_offset - self.sql.start)
        } else {
            self.file.start
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_shifts_by_the_start() {
        let map = SpanMap::identity(10, 100);
        assert_eq!(map.range(2..5), Some(102..105));
        assert_eq!(map.offset(10), Some(110));
    }

    #[test]
    fn a_placeholder_maps_onto_its_whole_origin() {
        let mut map = SpanMap::default();
        map.push(0..5, 20..25);
        map.push(5..7, 26..35);
        map.push(7..9, 36..38);
        assert_eq!(map.range(5..7), Some(26..35));
        assert_eq!(map.range(3..8), Some(23..37));
    }

    #[test]
    fn a_slice_maps_like_the_whole() {
        let mut map = SpanMap::default();
        map.push(0..5, 20..25);
        map.push(5..7, 26..35);
        map.push(7..9, 36..38);
        let part = map.slice(3..8);
        assert_eq!(part.range(0..2), Some(23..25));
        assert_eq!(part.range(2..4), Some(26..35));
        assert_eq!(part.range(4..5), Some(36..37));
        assert_eq!(part.offset(6), None);
    }

    #[test]
    fn offsets_outside_the_pieces_do_not_map() {
        let map = SpanMap::identity(3, 0);
        assert_eq!(map.offset(7), None);
    }
}
