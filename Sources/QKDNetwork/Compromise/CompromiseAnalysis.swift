// SPDX-License-Identifier: GPL-3.0-or-later

/// Which delivered keys a set of compromised nodes could read.
public struct ExposureReport: Codable, Sendable, Equatable {
    public struct Exposed: Codable, Sendable, Equatable {
        public var delivery: Int
        public var from: String
        public var to: String
        public var bits: Int
        /// Compromised nodes that held this key (relays, or an end point).
        public var readBy: [String]
    }
    public var compromised: [String]
    public var exposed: [Exposed]
    public var exposedKeyBits: Int
    public var totalKeyBits: Int
}

/// Trusted-node networks protect a key only if every node on its route is honest:
/// a relay decrypts each key it forwards (Peev et al. 2009; NSA, "Quantum Key
/// Distribution (QKD) and Quantum Cryptography (QC)", 2020, on the insider risk).
/// An entanglement link has no relay, so a compromised satellite on it reads nothing
/// (Yin et al., Nature 582, 501 (2020)).
public enum CompromiseAnalysis {
    public static func analyze(_ deliveries: [KeyDelivery], compromised: Set<String>) -> ExposureReport {
        var exposed: [ExposureReport.Exposed] = []
        for d in deliveries {
            let holders = [d.route.first!] + d.sawKey + [d.route.last!]
            let readers = holders.filter(compromised.contains)
            if !readers.isEmpty {
                exposed.append(.init(delivery: d.id, from: d.route.first!, to: d.route.last!, bits: d.bits, readBy: readers))
            }
        }
        return ExposureReport(compromised: compromised.sorted(), exposed: exposed,
                              exposedKeyBits: exposed.reduce(0) { $0 + $1.bits },
                              totalKeyBits: deliveries.reduce(0) { $0 + $1.bits })
    }
}
