/// Which analyzer angles Alice and Bob choose from.
public enum E91Settings: String, Codable, Sendable, CaseIterable {
    /// Ekert (PRL 67, 661 (1991)), for polarization: Alice {0°, 22.5°, 45°},
    /// Bob {22.5°, 45°, 67.5°}. Matching angles give key; the CHSH angles test for Eve.
    case ekert
    /// The CHSH angles only (Clauser, Horne, Shimony & Holt, PRL 23, 880 (1969)):
    /// Alice {0°, 45°}, Bob {22.5°, 67.5°}. A pure Bell test, no key.
    case chsh
    /// BBM92 (Bennett, Brassard & Mermin, PRL 68, 557 (1992)): both sides
    /// {0°, 45°}; key from matching bases, no Bell test.
    case bbm92

    public var alice: [Double] {
        switch self {
        case .ekert: return [0, 22.5, 45]
        case .chsh, .bbm92: return [0, 45]
        }
    }

    public var bob: [Double] {
        switch self {
        case .ekert: return [22.5, 45, 67.5]
        case .chsh: return [22.5, 67.5]
        case .bbm92: return [0, 45]
        }
    }
}

public enum E91Eavesdropper: String, Codable, Sendable, CaseIterable {
    case none
    /// Measures Bob's photon and resends the state she found.
    case interceptResend = "intercept-resend"
}

public struct E91Configuration: Codable, Sendable, Equatable {
    public static let maxPairs = 50_000_000

    public var pairs = 10_000
    public var seed: UInt64 = 1
    /// Visibility V of the Werner state V|Φ+⟩⟨Φ+| + (1 − V)I/4.
    public var visibility = 1.0
    public var settings: E91Settings = .ekert
    /// Total loss of both arms in dB; a pair counts only if both photons arrive.
    public var lossDb = 0.0
    public var detectorEfficiency = 1.0
    public var eve: E91Eavesdropper = .none
    public var eveFraction = 1.0
    /// Eve's analyzer angle; nil means a random key basis (0° or 45°) per photon.
    public var eveAngle: Double? = nil

    public init() {}

    public func validate() throws {
        try SimulationError.check(count: pairs, max: Self.maxPairs, "--pairs")
        try SimulationError.check(visibility, in: 0...1, "--visibility")
        try SimulationError.check(lossDb, in: 0...100, "--loss-db")
        try SimulationError.check(detectorEfficiency, in: 0...1, "--detector-efficiency")
        try SimulationError.check(eveFraction, in: 0...1, "--eve-fraction")
        if let a = eveAngle { try SimulationError.check(a, in: -360...360, "--eve-angle") }
    }
}
