// Binary entropy and small helpers shared by the distillation stages.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

public enum DistillationMath {
    /// Binary entropy h(p) = −p·log2 p − (1−p)·log2(1−p), with h(0) = h(1) = 0.
    public static func binaryEntropy(_ p: Double) -> Double {
        if p <= 0 || p >= 1 { return 0 }
        return -p * log2(p) - (1 - p) * log2(1 - p)
    }
}
