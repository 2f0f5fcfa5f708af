// Block-size schedules and options of the Cascade variants.
// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Which Cascade parameters to run. Block sizes are computed from the QBER
/// *estimate*, never from the true error count.
public enum CascadeVariant: String, CaseIterable, Codable, Sendable {
    /// Brassard & Salvail (EUROCRYPT 1993): k1 = ⌈0.73/Q⌉, doubling, 4 passes.
    case original
    /// Yan et al. (2008) block sizes as tabulated by Martinez-Mateo et al.
    /// (arXiv:1407.3257): k1 = ⌈0.8/Q⌉, k2 = 5·k1, then n/2; 10 passes.
    case yan
    /// Martinez-Mateo et al. option (7): k1 = 2^⌈log2(1/Q)⌉, k2 = 4·k1, then
    /// n/2; 14 passes; sub-block reuse.
    case option7
    /// Martinez-Mateo et al. option (8): α = log2(1/Q) − 0.5, k1 = 2^⌈α⌉,
    /// k2 = 2^⌈(α+12)/2⌉, k3 = 4096, then n/2; 14 passes; sub-block reuse.
    case option8

    /// One line for the tutor, with the citation.
    public var description: String {
        switch self {
        case .original:
            "Original Cascade: first block 0.73/QBER, doubling, 4 passes (Brassard & Salvail, EUROCRYPT 1993)."
        case .yan:
            "Yan et al. block sizes: 0.8/QBER, then 5×, then n/2; 10 passes (Yan et al. 2008, via Martinez-Mateo et al., arXiv:1407.3257)."
        case .option7:
            "Power-of-two blocks 2^⌈log2(1/QBER)⌉, then 4×, then n/2; 14 passes, reuses known sub-blocks (Martinez-Mateo et al., arXiv:1407.3257, option 7)."
        case .option8:
            "Tuned power-of-two blocks 2^⌈α⌉, 2^⌈(α+12)/2⌉, 4096, then n/2 with α = log2(1/QBER) − 0.5; 14 passes, reuses known sub-blocks (Martinez-Mateo et al., arXiv:1407.3257, option 8)."
        }
    }

    /// Number of Cascade passes.
    public var passCount: Int {
        switch self {
        case .original: 4
        case .yan: 10
        case .option7, .option8: 14
        }
    }

    /// Whether parities of sub-blocks revealed in earlier binary searches are
    /// remembered and reused instead of being asked again
    /// (Martinez-Mateo et al., arXiv:1407.3257, Sec. on sub-block reuse).
    public var reusesSubBlocks: Bool {
        switch self {
        case .original, .yan: false
        case .option7, .option8: true
        }
    }

    /// Whether, after the first pass, the parity of one block per pass is
    /// inferred from the whole-key parity (known from pass 1, and invariant
    /// under permutation) instead of being sent.
    public var infersLastBlockParity: Bool {
        switch self {
        case .original, .yan: false
        case .option7, .option8: true
        }
    }

    /// Block sizes of all passes for an n-bit key and QBER estimate q,
    /// each clamped to 1...n.
    public func blockSizes(keyBits n: Int, estimatedQber q: Double) -> [Int] {
        precondition(n > 0 && q > 0 && q < 0.5)
        let half = (n + 1) / 2
        var sizes: [Int] = []
        func pow2(_ e: Double) -> Int {
            let c = min(Int(e.rounded(.up)), 40)
            return 1 << max(0, c)
        }
        func blockSize(_ x: Double) -> Int {
            // Clamp before converting, so tiny QBERs cannot overflow Int.
            Int(min(x, Double(n)).rounded(.up))
        }
        switch self {
        case .original:
            // k1 ≈ 0.73/Q, k_i = 2·k_(i−1) (Brassard & Salvail 1993, Sec. 4).
            var k = blockSize(0.73 / q)
            for _ in 0..<passCount { sizes.append(k); k = min(2 * k, n) }
        case .yan:
            let k1 = blockSize(0.8 / q)
            sizes = [k1, min(5 * k1, n)]
            while sizes.count < passCount { sizes.append(half) }
        case .option7:
            let k1 = pow2(log2(1 / q))
            sizes = [k1, 4 * k1]
            while sizes.count < passCount { sizes.append(half) }
        case .option8:
            let alpha = log2(1 / q) - 0.5
            sizes = [pow2(alpha), pow2((alpha + 12) / 2), 4096]
            while sizes.count < passCount { sizes.append(half) }
        }
        return sizes.map { max(1, min($0, n)) }
    }
}
