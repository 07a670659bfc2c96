//! Go's `text/tabwriter` as `kubectl describe` uses it (`tabbedString`: minwidth 0, tabwidth 8,
//! padding 2, padded with spaces, no flags): tab-terminated cells line up in column blocks, a
//! block being the consecutive lines that have a cell in that column; a line without a tab
//! flushes everything before it, so the next lines align on their own.

/// A cell: its text and width (the last cell of a line belongs to no column).
#[derive(Clone, Debug, Default)]
struct Cell {
    text: String,
    width: usize,
}

/// Collects text and lays it out on [`TabWriter::flush`], as Go's writer does.
#[derive(Debug, Default)]
pub struct TabWriter {
    out: String,
    lines: Vec<Vec<Cell>>,
    cell: String,
    widths: Vec<usize>,
}

const PADDING: usize = 2;

impl TabWriter {
    pub fn new() -> Self {
        TabWriter {
            lines: vec![Vec::new()],
            ..TabWriter::default()
        }
    }

    /// Writes text: `\t` ends a cell, `\n` ends a line.
    pub fn write(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '\t' => {
                    self.terminate_cell();
                }
                '\n' => {
                    let cells = self.terminate_cell();
                    self.lines.push(Vec::new());
                    // A line of one cell cannot change the layout of what follows.
                    if cells == 1 {
                        self.flush();
                    }
                }
                c => self.cell.push(c),
            }
        }
    }

    fn terminate_cell(&mut self) -> usize {
        let text = std::mem::take(&mut self.cell);
        let width = text.chars().count();
        let line = self.lines.last_mut().expect("always one line");
        line.push(Cell { text, width });
        line.len()
    }

    /// Lays out everything written so far.
    pub fn flush(&mut self) {
        if !self.cell.is_empty() {
            self.terminate_cell();
        }
        let line_count = self.lines.len();
        self.format(0, line_count);
        self.lines = vec![Vec::new()];
        self.widths.clear();
    }

    /// The laid-out text (flushing what is pending).
    pub fn finish(mut self) -> String {
        self.flush();
        self.out
    }

    fn format(&mut self, mut line0: usize, line1: usize) {
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            // A cell in this column: print the lines before the block, then find its end.
            self.write_lines(line0, this);
            line0 = this;
            let mut width = 0;
            while this < line1 {
                let line = &self.lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                width = width.max(line[column].width + PADDING);
                this += 1;
            }
            self.widths.push(width);
            self.format(line0, this);
            self.widths.pop();
            line0 = this;
        }
        self.write_lines(line0, line1);
    }

    fn write_lines(&mut self, line0: usize, line1: usize) {
        let last = self.lines.len() - 1;
        for i in line0..line1 {
            for (j, cell) in self.lines[i].iter().enumerate() {
                self.out.push_str(&cell.text);
                if let Some(&width) = self.widths.get(j) {
                    self.out
                        .extend(std::iter::repeat_n(' ', width.saturating_sub(cell.width)));
                }
            }
            // The last line is the one being written: it has no newline yet.
            if i != last {
                self.out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay_out(text: &str) -> String {
        let mut w = TabWriter::new();
        w.write(text);
        w.finish()
    }

    #[test]
    fn cells_align_per_block_and_a_line_without_tabs_ends_the_block() {
        let text = "Name:\tpv-a\nReclaim Policy:\tRetain\nSource:\n    Type:\tNFS\n    Server:\tnfs\nEvents:\t<none>\n";
        assert_eq!(
            lay_out(text),
            "Name:            pv-a\nReclaim Policy:  Retain\nSource:\n    Type:    NFS\n    Server:  nfs\nEvents:      <none>\n"
        );
    }

    #[test]
    fn a_column_block_is_the_run_of_lines_with_a_cell_there() {
        let text = "  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n  Normal\tProvisioning\t5m\tx\tmsg\n";
        assert_eq!(
            lay_out(text),
            "  Type    Reason        Age   From  Message\n  ----    ------        ----  ----  -------\n  Normal  Provisioning  5m    x     msg\n"
        );
    }

    #[test]
    fn empty_cells_pad_and_text_after_the_last_tab_is_kept() {
        assert_eq!(lay_out("Message:\t\nA:\tb\n"), "Message:  \nA:        b\n");
        assert_eq!(lay_out("x\ty"), "x  y");
    }
}
