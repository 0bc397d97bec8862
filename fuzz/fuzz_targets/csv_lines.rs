//! What both CSV targets assert of row numbers (not a target itself).

/// Rows are numbered as a spreadsheet shows them, the header being row 1, whatever the
/// line endings (crash-regression-1: CRLF rows were once numbered one early).
pub fn assert_lines(lines: impl Iterator<Item = usize>) {
    let lines: Vec<usize> = lines.collect();
    assert!(lines[0] >= 2, "first row on line {}", lines[0]);
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "lines {lines:?}");
}
