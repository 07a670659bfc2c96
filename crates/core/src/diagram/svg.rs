//! SVG path data for laid-out shapes and edges, so the view only copies strings into attributes.

use super::geometry::{Point, Rect};
use super::layout::HEXAGON_INSET;
use std::fmt::Write;

/// Corner radius where an edge route turns.
pub const EDGE_CORNER_RADIUS: f64 = 10.0;

/// The `points` of a hexagon with flat top and bottom filling `rect`.
pub fn hexagon_points(rect: &Rect) -> String {
    let inset = HEXAGON_INSET * rect.height;
    let (x0, x1, x2, x3) = (rect.x, rect.x + inset, rect.right() - inset, rect.right());
    let (y0, ym, y1) = (rect.y, rect.centre().y, rect.bottom());
    format!(
        "{},{} {},{} {},{} {},{} {},{} {},{}",
        fmt(x1),
        fmt(y0),
        fmt(x2),
        fmt(y0),
        fmt(x3),
        fmt(ym),
        fmt(x2),
        fmt(y1),
        fmt(x1),
        fmt(y1),
        fmt(x0),
        fmt(ym)
    )
}

/// The `d` of a polyline through `points` whose corners are rounded with quadratic curves;
/// the path still starts and ends exactly at the first and last points.
pub fn rounded_path(points: &[Point], radius: f64) -> String {
    let mut d = String::new();
    let Some(first) = points.first() else {
        return d;
    };
    let _ = write!(d, "M{},{}", fmt(first.x), fmt(first.y));
    for window in points.windows(3) {
        let (a, corner, b) = (window[0], window[1], window[2]);
        let r = radius
            .min(a.distance(corner) / 2.0)
            .min(corner.distance(b) / 2.0);
        let before = corner.lerp(a, r / a.distance(corner).max(f64::EPSILON));
        let after = corner.lerp(b, r / corner.distance(b).max(f64::EPSILON));
        let _ = write!(
            d,
            " L{},{} Q{},{} {},{}",
            fmt(before.x),
            fmt(before.y),
            fmt(corner.x),
            fmt(corner.y),
            fmt(after.x),
            fmt(after.y)
        );
    }
    if let Some(last) = points.get(1..).and_then(<[Point]>::last) {
        let _ = write!(d, " L{},{}", fmt(last.x), fmt(last.y));
    }
    d
}

/// A coordinate with at most two decimals and no trailing zeros, to keep the markup small.
/// Written with integer arithmetic: float formatting would add kilobytes of code to the page.
pub fn fmt(v: f64) -> String {
    let hundredths = (v * 100.0).round();
    // A saturating cast: NaN becomes 0, infinities the extremes (never reached by layouts).
    let n = hundredths as i64;
    if n == 0 {
        return "0".to_owned();
    }
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    let (whole, frac) = (n / 100, n % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(fmt(1.0), "1");
        assert_eq!(fmt(1.256), "1.26");
        assert_eq!(fmt(-0.001), "0");
        assert_eq!(fmt(10.5), "10.5");
        assert_eq!(fmt(-3.07), "-3.07");
        assert_eq!(fmt(0.05), "0.05");
        assert_eq!(fmt(123456.789), "123456.79");
        assert_eq!(fmt(f64::NAN), "0");
    }

    #[test]
    fn hexagon_has_flat_top_and_pointed_sides() {
        let pts = hexagon_points(&Rect::new(0.0, 0.0, 100.0, 40.0));
        assert_eq!(pts, "10,0 90,0 100,20 90,40 10,40 0,20");
    }

    #[test]
    fn rounded_path_keeps_its_ends_and_rounds_its_corners() {
        let pts = [
            Point::new(0.0, 0.0),
            Point::new(0.0, 50.0),
            Point::new(50.0, 50.0),
        ];
        let d = rounded_path(&pts, 10.0);
        assert_eq!(d, "M0,0 L0,40 Q0,50 10,50 L50,50");
        assert_eq!(rounded_path(&pts[..1], 10.0), "M0,0");
        assert_eq!(rounded_path(&[], 10.0), "");
    }
}
