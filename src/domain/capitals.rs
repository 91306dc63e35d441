//! Amounts in Chinese capitals (大写金额), as every money document prints them beside the
//! figures: 壹贰叁… with 拾佰仟 in groups of four under 万 and 亿, then 元, 角, 分 or 整.

use crate::domain::money::Fen;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
/// The place of a digit inside its group of four, lowest first.
const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
/// The unit of each group of four, lowest first. `u64::MAX` yuan has five groups
/// (10¹⁶ is 亿亿), so every `i64` fen amount has a name.
const GROUPS: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];

/// `fen` in the canonical capitals: `零元整`, `壹拾伍元伍角`, `壹元零伍分`,
/// `壹拾万零壹拾元整`, `负壹元整`. Total over every `i64`, `i64::MIN` included.
pub fn amount_in_capitals(amount: Fen) -> String {
    let fen = amount.get();
    let magnitude = fen.unsigned_abs();
    let yuan = magnitude / 100;
    let jiao = (magnitude / 10 % 10) as usize;
    let fen_digit = (magnitude % 10) as usize;
    let mut out = String::new();
    if fen < 0 {
        out.push('负');
    }
    if magnitude == 0 {
        out.push_str("零元整");
        return out;
    }
    if yuan > 0 {
        out.push_str(&yuan_in_capitals(yuan));
        out.push('元');
    }
    if jiao == 0 && fen_digit == 0 {
        out.push('整');
        return out;
    }
    if jiao > 0 {
        out.push(DIGITS[jiao]);
        out.push('角');
    } else if yuan > 0 {
        // The zero between the yuan and the fen: 壹元零伍分.
        out.push('零');
    }
    if fen_digit > 0 {
        out.push(DIGITS[fen_digit]);
        out.push('分');
    }
    out
}

/// A positive whole number of yuan, without `元`.
fn yuan_in_capitals(yuan: u64) -> String {
    debug_assert!(yuan > 0);
    let mut groups = Vec::with_capacity(GROUPS.len());
    let mut rest = yuan;
    while rest > 0 {
        groups.push((rest % 10_000) as usize);
        rest /= 10_000;
    }
    assert!(
        groups.len() <= GROUPS.len(),
        "u64 has at most five groups of four digits"
    );
    let mut out = String::new();
    // A run of zeros seen since the last digit written: it becomes one 零 before the next
    // non-zero digit. Zeros at the end of a group are absorbed by the group's unit.
    let mut zero_pending = false;
    for (g, &group) in groups.iter().enumerate().rev() {
        if group == 0 {
            zero_pending |= !out.is_empty();
            continue;
        }
        for place in (0..4).rev() {
            let digit = group / 10usize.pow(place as u32) % 10;
            if digit == 0 {
                zero_pending |= !out.is_empty();
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push(DIGITS[digit]);
            out.push_str(PLACES[place]);
        }
        out.push_str(GROUPS[g]);
        zero_pending = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `yuan` yuan and `fen` fen, in fen.
    fn cny(yuan: i64, fen: i64) -> i64 {
        yuan * 100 + fen
    }

    #[test]
    fn every_vector_of_the_design_reads_as_written() {
        let vectors = [
            (0, "零元整"),
            (cny(1, 0), "壹元整"),
            (cny(10, 0), "壹拾元整"),
            (cny(15, 50), "壹拾伍元伍角"),
            (cny(1, 5), "壹元零伍分"),
            (50, "伍角"),
            (cny(1_005, 30), "壹仟零伍元叁角"),
            (cny(1_680, 32), "壹仟陆佰捌拾元叁角贰分"),
            (cny(10_005, 0), "壹万零伍元整"),
            (cny(100_010, 0), "壹拾万零壹拾元整"),
            (cny(107_000, 53), "壹拾万柒仟元伍角叁分"),
            (cny(100_000_000, 1), "壹亿元零壹分"),
        ];
        for (fen, words) in vectors {
            assert_eq!(amount_in_capitals(Fen(fen)), words, "{fen} fen");
        }
    }

    #[test]
    fn zeros_inside_and_across_groups_read_once_and_trailing_zeros_not_at_all() {
        assert_eq!(amount_in_capitals(Fen(5)), "伍分");
        assert_eq!(amount_in_capitals(Fen(cny(19, 0))), "壹拾玖元整");
        assert_eq!(amount_in_capitals(Fen(cny(1_001, 0))), "壹仟零壹元整");
        assert_eq!(amount_in_capitals(Fen(cny(10_001_000, 0))), "壹仟万壹仟元整");
        assert_eq!(amount_in_capitals(Fen(cny(100_001_000, 0))), "壹亿零壹仟元整");
        assert_eq!(amount_in_capitals(Fen(cny(100_000_000, 0))), "壹亿元整");
        assert_eq!(amount_in_capitals(Fen(cny(1_000_100_000, 0))), "壹拾亿零壹拾万元整");
        assert_eq!(amount_in_capitals(Fen(cny(5_166, 65))), "伍仟壹佰陆拾陆元陆角伍分");
    }

    #[test]
    fn negatives_read_with_a_leading_fu() {
        assert_eq!(amount_in_capitals(Fen(-cny(1, 0))), "负壹元整");
        assert_eq!(amount_in_capitals(Fen(-cny(5_166, 65))), "负伍仟壹佰陆拾陆元陆角伍分");
        assert_eq!(amount_in_capitals(Fen(-5)), "负伍分");
    }

    #[test]
    fn the_extremes_of_i64_have_names() {
        // 92,233,720,368,547,758.07 yuan.
        assert_eq!(
            amount_in_capitals(Fen(i64::MAX)),
            "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"
        );
        assert_eq!(
            amount_in_capitals(Fen(i64::MIN)),
            "负玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"
        );
    }
}
