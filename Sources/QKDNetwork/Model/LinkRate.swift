// SPDX-License-Identifier: GPL-3.0-or-later
import QKD

/// How fast a link makes key: a steady rate (fiber) or a burst per pass (satellite).
public struct LinkRate: Codable, Sendable, Equatable {
    /// Long-run average secret-key rate, bits per second. This is the rate the simulation uses.
    public var averageBps: Double
    /// Bits per pass (per processed block, for entanglement) for free-space links; nil for fiber.
    public var keyBitsPerPass: Double?
    public var passesPerDay: Double?
    /// Seconds of one pass above the minimum elevation (the whole block's link time, for entanglement); nil for fiber.
    public var passDurationS: Double?
    /// Free-space links: slant range at closest approach of the modelled pass (km).
    public var slantRangeKm: Double?
    /// Free-space links: link loss at closest approach (dB; both arms for entanglement).
    public var lossDb: Double?
    /// Final key per second of link time (the figure papers quote per pass), for free-space links.
    public var keyRateWhileVisibleBps: Double?
    /// "published" when `averageBps` is a deployment's published figure, else "model value".
    public var basis: String
    /// The published figure's source, or the model that gave the value.
    public var basisSource: String

    public static let modelValue = "model value"
    public static let published = "published"

    /// Evaluates `link`: its published rate if it has one, else its model (fiber: the key-rate
    /// model on its preset; downlink: a typical night pass with Liao et al.'s parameters and a
    /// finite key per pass; entanglement: Yin et al.'s block of night passes).
    public static func evaluate(_ link: Link, in network: Network, cancellation: CancellationToken? = nil) throws -> LinkRate {
        var r = try model(link, in: network, cancellation: cancellation)
        if let p = link.publishedRateBps {
            guard p.isFinite, p >= 0 else { throw NetworkError("link \(link.id): publishedRateBps must be 0 or more") }
            r.averageBps = p
            r.basis = published
            r.basisSource = link.publishedRateSource ?? link.source
            if let perDay = r.passesPerDay, perDay > 0 { r.keyBitsPerPass = p * 86_400 / perDay }
        }
        return r
    }

    static func model(_ link: Link, in network: Network, cancellation: CancellationToken?) throws -> LinkRate {
        switch link.kind {
        case .fiber:
            guard let preset = SystemPreset.named(link.preset) else {
                throw NetworkError("link \(link.id): unknown preset '\(link.preset)' (known: "
                    + SystemPreset.all.map(\.name).joined(separator: ", ") + ")")
            }
            guard preset.attenuationDbPerKm != nil else {
                throw NetworkError("link \(link.id): fiber link needs a fiber preset, not '\(preset.name)'")
            }
            let p = try KeyRate.point(model: link.model, preset: preset, distanceKm: link.lengthKm)
            return LinkRate(averageBps: p.ratePerSecond, basis: modelValue,
                            basisSource: "\(link.model.rawValue) on preset '\(preset.name)' at \(Int(link.lengthKm.rounded())) km (asymptotic)")
        case .downlink:
            let sim = try PassSimulator(orbit: Orbit(altitudeKm: try network.satelliteAltitudeKm(link)))
            let station = try network.downlinkStation(link)
            let (pass, nightly) = try sim.typicalPass(over: station, cancellation: cancellation)
            let perDay = link.passesPerDay ?? nightly
            let peak = pass.samples.min { $0.lossDb < $1.lossDb }
            return LinkRate(averageBps: Double(pass.keyBits) * perDay / 86_400, keyBitsPerPass: Double(pass.keyBits),
                            passesPerDay: perDay, passDurationS: pass.durationS, slantRangeKm: pass.minSlantRangeKm,
                            lossDb: peak?.lossDb, keyRateWhileVisibleBps: pass.averageKeyRateBps, basis: modelValue,
                            basisSource: "typical night pass, Liao et al., Nature 549, 43 (2017) parameters, finite key per pass (Lim et al. 2014)")
        case .entanglement:
            let sim = try PassSimulator(orbit: Orbit(altitudeKm: try network.satelliteAltitudeKm(link)))
            let (a, b) = try network.stationPair(link)
            let block = try sim.entanglementBlock(stationA: a, stationB: b, cancellation: cancellation)
            // One block's key every `spanDays` (at least a day): the key exists only once the block is processed.
            let span = max(1, block.spanDays)
            let peak = block.samples.min { $0.lossDb < $1.lossDb }
            return LinkRate(averageBps: Double(block.keyBits) / (span * 86_400), keyBitsPerPass: Double(block.keyBits),
                            passesPerDay: 1 / span, passDurationS: block.linkTimeS, slantRangeKm: peak?.slantRangeKm,
                            lossDb: peak?.lossDb, keyRateWhileVisibleBps: block.keyRatePerLinkSecondBps, basis: modelValue,
                            basisSource: "entanglement block of \(block.passes) night passes, Yin et al., Nature 582, 501 (2020) finite key")
        }
    }

    public init(averageBps: Double, keyBitsPerPass: Double? = nil, passesPerDay: Double? = nil, passDurationS: Double? = nil,
                slantRangeKm: Double? = nil, lossDb: Double? = nil, keyRateWhileVisibleBps: Double? = nil,
                basis: String = LinkRate.modelValue, basisSource: String = "") {
        self.averageBps = averageBps; self.keyBitsPerPass = keyBitsPerPass
        self.passesPerDay = passesPerDay; self.passDurationS = passDurationS
        self.slantRangeKm = slantRangeKm; self.lossDb = lossDb; self.keyRateWhileVisibleBps = keyRateWhileVisibleBps
        self.basis = basis; self.basisSource = basisSource
    }
}
