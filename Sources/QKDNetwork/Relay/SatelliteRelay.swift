// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// The Beijing–Vienna scheme (Liao et al., PRL 120, 030501 (2018)): the satellite
/// shares key kA with station A on one pass and kB with station B on a later pass,
/// then publishes kA ⊕ kB. B computes (kA ⊕ kB) ⊕ kB = kA. The satellite knows both
/// keys, so it must be trusted; an eavesdropper seeing only kA ⊕ kB learns nothing.
public enum SatelliteRelay {
    public struct Result: Sendable, Equatable {
        /// Published over the classical channel.
        public var announced: BitVector
        /// The key A and B now share (A already has it: it is kA).
        public var sharedAtA: BitVector
        public var recoveredAtB: BitVector
    }

    public static func combine(keyA: BitVector, keyB: BitVector) -> Result {
        precondition(keyA.count == keyB.count, "the two satellite keys must be the same length")
        let announced = keyA ^ keyB
        return Result(announced: announced, sharedAtA: keyA, recoveredAtB: announced ^ keyB)
    }
}
