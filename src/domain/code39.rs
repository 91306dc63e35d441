//! Code 39 barcodes for printed old-part tags: every handheld scanner reads them, and they
//! encode the tag alphabet (`A–Z 0–9 -`) without a check digit.

/// Wide/narrow pattern of each character: bar, space, bar, … (9 elements, 3 wide).
const PATTERNS: [(char, &str); 40] = [
    ('0', "nnnwwnwnn"),
    ('1', "wnnwnnnnw"),
    ('2', "nnwwnnnnw"),
    ('3', "wnwwnnnnn"),
    ('4', "nnnwwnnnw"),
    ('5', "wnnwwnnnn"),
    ('6', "nnwwwnnnn"),
    ('7', "nnnwnnwnw"),
    ('8', "wnnwnnwnn"),
    ('9', "nnwwnnwnn"),
    ('A', "wnnnnwnnw"),
    ('B', "nnwnnwnnw"),
    ('C', "wnwnnwnnn"),
    ('D', "nnnnwwnnw"),
    ('E', "wnnnwwnnn"),
    ('F', "nnwnwwnnn"),
    ('G', "nnnnnwwnw"),
    ('H', "wnnnnwwnn"),
    ('I', "nnwnnwwnn"),
    ('J', "nnnnwwwnn"),
    ('K', "wnnnnnnww"),
    ('L', "nnwnnnnww"),
    ('M', "wnwnnnnwn"),
    ('N', "nnnnwnnww"),
    ('O', "wnnnwnnwn"),
    ('P', "nnwnwnnwn"),
    ('Q', "nnnnnnwww"),
    ('R', "wnnnnnwwn"),
    ('S', "nnwnnnwwn"),
    ('T', "nnnnwnwwn"),
    ('U', "wwnnnnnnw"),
    ('V', "nwwnnnnnw"),
    ('W', "wwwnnnnnn"),
    ('X', "nwnnwnnnw"),
    ('Y', "wwnnwnnnn"),
    ('Z', "nwwnwnnnn"),
    ('-', "nwnnnnwnw"),
    ('.', "wwnnnnwnn"),
    (' ', "nwwnnnwnn"),
    ('*', "nwnnwnwnn"),
];

/// The bars of `text` framed by `*`, as (x, width) in narrow-module units, and the total
/// width; `None` if a character cannot be encoded.
pub fn bars(text: &str) -> Option<(Vec<(u32, u32)>, u32)> {
    let mut out = Vec::new();
    let mut x = 0;
    for c in std::iter::once('*')
        .chain(text.chars().map(|c| c.to_ascii_uppercase()))
        .chain(std::iter::once('*'))
    {
        let pattern = PATTERNS.iter().find(|(k, _)| *k == c)?.1;
        for (i, e) in pattern.chars().enumerate() {
            let w = if e == 'w' { 3 } else { 1 };
            if i % 2 == 0 {
                out.push((x, w));
            }
            x += w;
        }
        x += 1; // inter-character gap
    }
    Some((out, x - 1))
}

/// An SVG image of the barcode, `height` modules tall.
pub fn svg(text: &str, height: u32) -> Option<String> {
    let (bars, width) = bars(text)?;
    let quiet = 10;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {height}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{text}\">",
        width + 2 * quiet
    );
    for (x, w) in bars {
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"0\" width=\"{w}\" height=\"{height}\"/>",
            x + quiet
        ));
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_has_three_wide_elements() {
        for (c, p) in PATTERNS {
            assert_eq!((p.len(), p.matches('w').count()), (9, 3), "{c}");
        }
    }

    #[test]
    fn tags_encode_and_other_characters_do_not() {
        let (drawn, width) = bars("OP-2026-000123").unwrap();
        assert_eq!(drawn.len(), 16 * 5);
        assert_eq!(width, 16 * 16 - 1); // 9 elements + 3 wide (2 extra each) + gap, per character
        assert!(bars("op-1").is_some(), "lower case is upper-cased");
        assert!(bars("é").is_none());
        assert!(svg("OP-1", 40).unwrap().starts_with("<svg"));
    }
}
