// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Binary (Shannon) entropy h(p) = −p·log2 p − (1−p)·log2(1−p), in bits.
///
/// h(0) = h(1) = 0 by continuity. Inputs outside [0, 1] are clamped so
/// that rounding noise in a caller's error rate cannot produce NaN.
public func binaryEntropy(_ p: Double) -> Double {
    if p.isNaN { return .nan }
    let x = min(max(p, 0), 1)
    if x == 0 || x == 1 { return 0 }
    return -x * log2(x) - (1 - x) * log2(1 - x)
}
