// Eve's best guess of the key from what she may know: her own outcomes and
// the public channel (as Alice sent it, since she reads it before altering).
// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

struct EveGuess: Sendable, Equatable {
    /// Her guess of each of Alice's key bits from her measurements alone.
    var raw: [Int]?
    /// After using every parity Alice disclosed (Gaussian elimination over GF(2)).
    var corrected: [Int]?
    var final: [Int]?
    var message: String?
}

extension BB84Game {
    /// Eve's guess at every stage reached so far. A pure function of the
    /// game state (its coin flips come from a fresh "eve.guess" stream), so
    /// views and the reveal agree however often they ask.
    func makeEveGuess() -> EveGuess {
        var guess = EveGuess()
        guard config.eve != .off, let positions = aliceKeyPositions, let aliceBasisSeen = aliceReceivedBases,
              eveChoices.count == config.photons else { return guess }
        var coin = RandomStream(seed: config.seed, name: "eve.guess")
        var prior: [Int] = []
        var known: [Bool] = []
        for p in positions {
            switch eveChoices[p] {
            case let .measure(basis, _):
                // Sifting kept p, so Alice's basis is the one Bob announced.
                let right = (basis == .rectilinear && aliceBasisSeen[p] == .rectilinear)
                    || (basis == .diagonal && aliceBasisSeen[p] == .diagonal)
                prior.append(eveResults[p] ?? 0)
                known.append(right)
            case .pass:
                prior.append(coin.nextInt(below: 2))
                known.append(false)
            }
        }
        guess.raw = prior
        guard let cascade else { return guess }
        let corrected = Self.solve(prior: prior, known: known, equations: cascade.equations)
        guess.corrected = corrected
        if let seed = toeplitzOriginal, let m = toyLength?.length, aliceFinal != nil {
            guess.final = Self.toeplitz(corrected, seed: seed, m: m)
        }
        if let final = guess.final,
           let sent = messages.last(where: { $0.original.kind == .ciphertext && $0.from == .alice }),
           case let .ciphertext(bits, _) = sent.original {
            guess.message = OneTimePad.decrypt(bits, key: final)
        }
        return guess
    }

    /// The assignment consistent with every disclosed parity that keeps the
    /// sure bits and, for bits the parities leave free, Eve's prior guess:
    /// reduced row echelon form over GF(2), free variables set to the prior,
    /// pivots solved. Parities inconsistent with her sure bits (impossible
    /// without noise) are ignored.
    static func solve(prior: [Int], known: [Bool], equations: [ParityEquation]) -> [Int] {
        var unknownIndex = [Int](repeating: -1, count: prior.count)
        var unknowns: [Int] = []
        for i in prior.indices where !known[i] { unknownIndex[i] = unknowns.count; unknowns.append(i) }
        let nv = unknowns.count
        guard nv > 0 else { return prior }
        let words = (nv + 63) / 64
        var rows: [[UInt64]] = []
        var rhs: [Int] = []
        for eq in equations {
            var row = [UInt64](repeating: 0, count: words)
            var r = eq.parity
            for pos in eq.positions where pos < prior.count {
                if known[pos] { r ^= prior[pos] } else {
                    let v = unknownIndex[pos]
                    row[v >> 6] ^= 1 << UInt64(v & 63)
                }
            }
            rows.append(row); rhs.append(r)
        }
        var pivotOfRow: [Int] = []
        var rank = 0
        for col in 0..<nv where rank < rows.count {
            let w = col >> 6, bit = UInt64(1) << UInt64(col & 63)
            guard let pr = (rank..<rows.count).first(where: { rows[$0][w] & bit != 0 }) else { continue }
            rows.swapAt(rank, pr); rhs.swapAt(rank, pr)
            for r in rows.indices where r != rank && rows[r][w] & bit != 0 {
                for k in 0..<words { rows[r][k] ^= rows[rank][k] }
                rhs[r] ^= rhs[rank]
            }
            pivotOfRow.append(col)
            rank += 1
        }
        var value = unknowns.map { prior[$0] }
        let pivots = Set(pivotOfRow)
        for (r, col) in pivotOfRow.enumerated() {
            var v = rhs[r]
            for other in 0..<nv where other != col && !pivots.contains(other)
                && rows[r][other >> 6] & (UInt64(1) << UInt64(other & 63)) != 0 {
                v ^= value[other]
            }
            value[col] = v
        }
        var result = prior
        for (v, i) in unknowns.enumerated() { result[i] = value[v] }
        return result
    }
}
