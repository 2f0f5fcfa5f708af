import QuantumSim

/// A BB84 basis, named for the physics.
public enum BB84Basis: String, Codable, Sendable {
    /// H (bit 0) and V (bit 1).
    case rectilinear
    /// D (+45°, bit 0) and A (−45°, bit 1).
    case diagonal
    /// Breidbart's intermediate basis: 22.5° (bit 0) and 112.5° (bit 1).
    case breidbart

    /// The polarization angle that encodes `bit` in this basis.
    public func angle(for bit: Bool) -> Double {
        switch self {
        case .rectilinear: return bit ? 90 : 0
        case .diagonal: return bit ? -45 : 45
        case .breidbart: return bit ? 112.5 : 22.5
        }
    }
}

/// One photon's story, for reading alongside the run. Rows are taken from
/// the first photons of the very run whose statistics are reported.
public struct BB84PhotonRow: Codable, Sendable, Equatable {
    public var index: Int
    public var aliceBit: Bool
    public var aliceBasis: BB84Basis
    /// Polarization angle Alice sent, in degrees (0 H, 90 V, 45 D, −45 A).
    public var sentAngle: Double
    /// Photons in the pulse (always 1 for a single-photon source).
    public var photonNumber: Int
    public var eveBasis: BB84Basis?
    public var eveResult: Bool?
    public var bobBasis: BB84Basis
    public var detected: Bool
    public var bobResult: Bool?
    /// Bases matched and Bob detected: the bit enters the sifted key.
    public var kept: Bool
    /// Kept, and Bob's bit differs from Alice's.
    public var error: Bool
}

/// The outcome of a BB84 run. Keys travel with it but are not encoded in
/// JSON; the counts and rows are.
public struct BB84Result: Encodable, Sendable {
    public var configuration: BB84Configuration
    public var photons: Int
    /// Gates in which at least one of Bob's detectors clicked.
    public var detected: Int
    /// Detected with matching bases.
    public var sifted: Int
    /// Sifted bits disclosed for parameter estimation.
    public var sampleBits: Int
    public var sampleErrors: Int
    /// QBER estimated from the disclosed sample.
    public var qber: Double
    /// QBER over the whole sifted key: what a learner could never see.
    public var trueQber: Double
    public var siftedErrors: Int
    public var aborted: Bool
    public var abortReason: String?
    /// Sifted bits whose value Eve knows with certainty.
    public var eveKnownBits: Int
    /// Sifted bits where Eve's guess is right (certain or lucky).
    public var eveCorrectGuesses: Int
    /// Sifted bits that passed through Eve's hands.
    public var eveTouchedBits: Int
    /// Probability that a sample of `sampleBits` bits shows no error caused
    /// by Eve: (1 − p/4)^k, which is (3/4)^k for full intercept-resend.
    public var missProbability: Double?
    /// log10 of `missProbability`, which underflows a Double for large samples.
    public var missProbabilityLog10: Double?
    /// QBER of the disclosed sample in each basis (Lo, Chau, Ardehali,
    /// J. Cryptology 18, 133 (2005): estimate and abort per basis); nil
    /// when the sample holds no bit of that basis.
    public var qberRectilinear: Double?
    public var qberDiagonal: Double?
    public var sampleBitsRectilinear: Int
    public var sampleBitsDiagonal: Int
    /// Decoy-state estimates; nil without decoys.
    public var decoy: DecoyEstimate?
    /// Man in the middle without authentication: the two halves Eve ran.
    public var mitm: BB84ManInTheMiddle?
    /// Bits left for the key after the sample is discarded.
    public var keyBits: Int
    public var rows: [BB84PhotonRow]
    public var seed: UInt64

    /// Alice's and Bob's keys after sifting and removing the sample.
    public var aliceKey: BitVector
    public var bobKey: BitVector
    /// Which bits of the remaining key Eve knows with certainty.
    public var eveKnows: BitVector
    /// The basis of each remaining key bit (1 = diagonal), aligned with
    /// `aliceKey`. With decoys the key is the rectilinear (X) bits only: the
    /// diagonal (Z) bits were all spent on the phase-error estimate.
    public var keyBasisDiagonal: BitVector

    /// The source as the privacy-amplification bound must see it.
    public var sourceModel: BB84SourceModel {
        if let d = decoy { return .decoy(d) }
        return configuration.source == .single ? .singlePhoton : .weakCoherent(mu: configuration.mu)
    }

    /// "single-photon", "weak-coherent" or "decoy", for JSON and reports.
    public var sourceKind: String {
        switch sourceModel {
        case .singlePhoton: return "single-photon"
        case .weakCoherent: return "weak-coherent"
        case .decoy: return "decoy"
        }
    }

    enum CodingKeys: String, CodingKey {
        case photons, detected, sifted, sampleBits, sampleErrors, qber, trueQber, siftedErrors
        case aborted, abortReason, eveKnownBits, eveCorrectGuesses, eveTouchedBits, missProbability, missProbabilityLog10
        case keyBits, rows, seed, configuration
        case qberRectilinear, qberDiagonal, sampleBitsRectilinear, sampleBitsDiagonal, decoy, mitm, sourceKind
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration)
        try c.encode(photons, forKey: .photons); try c.encode(detected, forKey: .detected)
        try c.encode(sifted, forKey: .sifted); try c.encode(sampleBits, forKey: .sampleBits)
        try c.encode(sampleErrors, forKey: .sampleErrors)
        try c.encode(qber, forKey: .qber); try c.encode(trueQber, forKey: .trueQber)
        try c.encode(siftedErrors, forKey: .siftedErrors)
        try c.encode(aborted, forKey: .aborted); try c.encode(abortReason, forKey: .abortReason)
        try c.encode(eveKnownBits, forKey: .eveKnownBits); try c.encode(eveCorrectGuesses, forKey: .eveCorrectGuesses)
        try c.encode(eveTouchedBits, forKey: .eveTouchedBits)
        try c.encode(missProbability, forKey: .missProbability)
        try c.encode(missProbabilityLog10, forKey: .missProbabilityLog10)
        try c.encode(keyBits, forKey: .keyBits); try c.encode(rows, forKey: .rows); try c.encode(seed, forKey: .seed)
        try c.encode(qberRectilinear, forKey: .qberRectilinear); try c.encode(qberDiagonal, forKey: .qberDiagonal)
        try c.encode(sampleBitsRectilinear, forKey: .sampleBitsRectilinear)
        try c.encode(sampleBitsDiagonal, forKey: .sampleBitsDiagonal)
        try c.encode(decoy, forKey: .decoy); try c.encode(mitm, forKey: .mitm)
        try c.encode(sourceKind, forKey: .sourceKind)
    }

    init(configuration: BB84Configuration) {
        self.configuration = configuration
        photons = configuration.photons
        detected = 0; sifted = 0; sampleBits = 0; sampleErrors = 0
        qber = 0; trueQber = 0; siftedErrors = 0
        aborted = false; abortReason = nil
        eveKnownBits = 0; eveCorrectGuesses = 0; eveTouchedBits = 0
        missProbability = nil; missProbabilityLog10 = nil; keyBits = 0; rows = []
        qberRectilinear = nil; qberDiagonal = nil; sampleBitsRectilinear = 0; sampleBitsDiagonal = 0
        decoy = nil; mitm = nil; keyBasisDiagonal = BitVector()
        seed = configuration.seed
        aliceKey = BitVector(); bobKey = BitVector(); eveKnows = BitVector()
    }
}

/// The two QKD runs of an unauthenticated man in the middle: Alice↔Eve and
/// Eve↔Bob. Each half is clean BB84, so each shows only the channel's QBER.
public struct BB84ManInTheMiddle: Codable, Sendable, Equatable {
    public var aliceEveQber: Double
    public var eveBobQber: Double
    public var aliceEveKeyBits: Int
    public var eveBobKeyBits: Int
    /// Eve holds both keys: this many of Alice's key bits and of Bob's.
    public var eveKnowsAliceKeyBits: Int
    public var eveKnowsBobKeyBits: Int
}
