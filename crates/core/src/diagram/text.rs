//! Text measurement without a browser: advance widths of Arial (and the metric-compatible
//! Liberation Sans that Debian's Chromium uses) so the pure layout can size boxes to their labels.

/// The font stack the SVG asks for. The widths below are Arial's, which Liberation Sans shares
/// glyph for glyph; other sans-serif fallbacks are close enough for the padding we leave.
pub const FONT_FAMILY: &str = "Arial, 'Liberation Sans', Helvetica, sans-serif";

/// Advance widths in thousandths of an em for ASCII 32..=126, regular weight.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // 'A'..'M'
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // 'N'..'Z'
    278, 278, 278, 469, 556, 333, // '['..'`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // 'a'..'m'
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // 'n'..'z'
    334, 260, 334, 584, // '{'..'~'
];

/// Advance widths in thousandths of an em for ASCII 32..=126, bold weight.
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    333, 333, 584, 584, 584, 611, 975, // ':'..'@'
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, // 'A'..'M'
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // 'N'..'Z'
    333, 278, 333, 584, 556, 333, // '['..'`'
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, // 'a'..'m'
    611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, // 'n'..'z'
    389, 280, 389, 584, // '{'..'~'
];

/// Width in thousandths of an em of one character.
fn advance(c: char, bold: bool) -> u32 {
    let table = if bold { &BOLD } else { &REGULAR };
    match c {
        ' '..='~' => u32::from(table[c as usize - ' ' as usize]),
        '·' | '•' => 350,
        '→' | '←' | '…' | '—' => 1000,
        // East Asian wide characters and emoji take a full em; other scripts are
        // estimated a little wide so that a box is never too narrow for its text.
        c if is_wide(c) => 1000,
        _ => 650,
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// The width of `text` set in `size` px, bold or regular.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let thousandths: u32 = text.chars().map(|c| advance(c, bold)).sum();
    f64::from(thousandths) * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        // "Hi" in Arial is 722 + 222 thousandths of an em.
        assert!((text_width("Hi", 10.0, false) - 9.44).abs() < 1e-9);
        assert!(text_width("Claim", 14.0, true) > text_width("Claim", 14.0, false));
        assert_eq!(text_width("", 14.0, false), 0.0);
    }

    #[test]
    fn unusual_characters_get_a_generous_width() {
        assert!(text_width("卷", 10.0, false) >= 10.0);
        assert!(text_width("é", 10.0, false) > text_width("e", 10.0, false));
    }
}
