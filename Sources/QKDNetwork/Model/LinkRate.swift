// SPDX-License-Identifier: GPL-3.0-or-later
import QKD

/// How fast a link makes key: a steady rate (fiber) or a burst per pass (satellite).
public struct LinkRate: Codable, Sendable, Equatable {
    /// Long-run average secret-key rate, bits per second.
    public var averageBps: Double
    /// Bits per pass for free-space links; nil for fiber.
    public var keyBitsPerPass: Double?
    public var passesPerDay: Double?
    /// Seconds of one pass above the minimum elevation; nil for fiber.
    public var passDurationS: Double?

    /// Evaluates `link` with its model and preset. Satellite links integrate one pass
    /// (see `PassSimulator`) and average it over the day.
    public static func evaluate(_ link: Link, in network: Network) throws -> LinkRate {
        guard let preset = SystemPreset.named(link.preset) else {
            throw NetworkError("link \(link.id): unknown preset '\(link.preset)' (known: "
                + SystemPreset.all.map(\.name).joined(separator: ", ") + ")")
        }
        switch link.kind {
        case .fiber:
            guard preset.attenuationDbPerKm != nil else {
                throw NetworkError("link \(link.id): fiber link needs a fiber preset, not '\(preset.name)'")
            }
            let p = try KeyRate.point(model: link.model, preset: preset, distanceKm: link.lengthKm)
            return LinkRate(averageBps: p.ratePerSecond)
        case .downlink, .entanglement:
            let sim = try PassSimulator(preset: preset, model: link.model, minElevationDeg: PassSimulator.defaultMinElevationDeg,
                                        orbit: Orbit(altitudeKm: network.satelliteAltitudeKm(link)))
            let maxEl = link.maxElevationDeg ?? 60
            let pass: PassResult
            if link.kind == .downlink {
                pass = try sim.downlinkPass(maxElevationDeg: maxEl)
            } else {
                let (a, b) = try network.stationPair(link)
                pass = try sim.entanglementPass(stationA: a, stationB: b)
            }
            let perDay = link.passesPerDay ?? 1
            return LinkRate(averageBps: pass.keyBits * perDay / 86_400, keyBitsPerPass: pass.keyBits,
                            passesPerDay: perDay, passDurationS: pass.durationS)
        }
    }

    public init(averageBps: Double, keyBitsPerPass: Double? = nil, passesPerDay: Double? = nil, passDurationS: Double? = nil) {
        self.averageBps = averageBps; self.keyBitsPerPass = keyBitsPerPass
        self.passesPerDay = passesPerDay; self.passDurationS = passDurationS
    }
}
