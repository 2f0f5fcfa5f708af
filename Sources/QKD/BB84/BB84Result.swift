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
    /// Bits left for the key after the sample is discarded.
    public var keyBits: Int
    public var rows: [BB84PhotonRow]
    public var seed: UInt64

    /// Alice's and Bob's keys after sifting and removing the sample.
    public var aliceKey: BitVector
    public var bobKey: BitVector
    /// Which bits of the remaining key Eve knows with certainty.
    public var eveKnows: BitVector

    enum CodingKeys: String, CodingKey {
        case photons, detected, sifted, sampleBits, sampleErrors, qber, trueQber, siftedErrors
        case aborted, abortReason, eveKnownBits, eveCorrectGuesses, eveTouchedBits, missProbability, missProbabilityLog10
        case keyBits, rows, seed, configuration
    }

    init(configuration: BB84Configuration) {
        self.configuration = configuration
        photons = configuration.photons
        detected = 0; sifted = 0; sampleBits = 0; sampleErrors = 0
        qber = 0; trueQber = 0; siftedErrors = 0
        aborted = false; abortReason = nil
        eveKnownBits = 0; eveCorrectGuesses = 0; eveTouchedBits = 0
        missProbability = nil; missProbabilityLog10 = nil; keyBits = 0; rows = []
        seed = configuration.seed
        aliceKey = BitVector(); bobKey = BitVector(); eveKnows = BitVector()
    }
}
