//! Money: [`Fen`], an amount in integer fen (0.01 yuan). A distinct type so that an amount
//! can never be passed where a quantity, a percentage or a sequence number is meant, nor
//! the other way round; arithmetic is only what money allows (amounts add and subtract,
//! an amount times a quantity is an amount).

use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

/// An amount of money in fen; negative for credits and refunds where a rule says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

impl Fen {
    /// No money.
    pub const ZERO: Fen = Fen(0);

    /// The amount in fen as a plain integer (for storage, the wire and proofs).
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The amount times a quantity, or `None` past the range of the integer.
    pub fn checked_mul(self, qty: i64) -> Option<Fen> {
        self.0.checked_mul(qty).map(Fen)
    }

    /// Whether this is a negative amount.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Whether this is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The amount without its sign.
    pub const fn abs(self) -> Fen {
        Fen(self.0.abs())
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0 + rhs.0)
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0 - rhs.0)
    }
}

impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, rhs: Fen) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Fen {
    fn sub_assign(&mut self, rhs: Fen) {
        self.0 -= rhs.0;
    }
}

/// An amount per unit times a quantity.
impl Mul<i64> for Fen {
    type Output = Fen;
    fn mul(self, qty: i64) -> Fen {
        Fen(self.0 * qty)
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

impl<'a> Sum<&'a Fen> for Fen {
    fn sum<I: Iterator<Item = &'a Fen>>(iter: I) -> Fen {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_add_subtract_and_scale_by_a_quantity() {
        let unit = Fen(1250);
        assert_eq!(unit * 3, Fen(3750));
        assert_eq!(unit + Fen(50) - Fen(300), Fen(1000));
        assert_eq!([Fen(1), Fen(2), Fen(3)].iter().sum::<Fen>(), Fen(6));
        assert_eq!(-unit, Fen(-1250));
        assert_eq!(unit.checked_mul(i64::MAX), None);
    }
}
