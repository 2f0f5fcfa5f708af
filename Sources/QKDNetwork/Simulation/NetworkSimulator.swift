// SPDX-License-Identifier: GPL-3.0-or-later
import QKD
import QuantumSim

/// An application asking for end-to-end keys between two nodes.
public struct KeyRequest: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public init(from: String, to: String) { self.from = from; self.to = to }
}

/// One batch of keys relayed in one time step for one request.
public struct KeyDelivery: Sendable, Equatable {
    public var id: Int
    public var request: Int
    public var timeS: Double
    public var keys: Int
    public var bits: Int
    public var route: [String]
    /// Intermediate nodes that held these keys in the clear.
    public var sawKey: [String]
    /// The far end recovered exactly the bits sent.
    public var verified: Bool
}

/// The simulation's settings and their limits.
public struct SimulationSettings: Sendable {
    public static let hoursRange: ClosedRange<Double> = 0.01...168
    /// Relayed bits (delivered bits × hops) a run may move; checked before it starts.
    public static let maxRelayedBits = 1 << 30

    public var hours = 1.0
    public var stepS = 60.0
    public var keyBits = 256
    public var seed: UInt64 = 1
    public var policy: RoutingPolicy = .shortest
    public var poolCapacityBits = 10_000_000
    /// Delivered key kept per request for messages (the rest is only counted).
    public var retainBits = 1 << 16

    public init() {}
}

/// What a run produced.
public struct SimulationResult: Sendable {
    public var routes: [Route]
    public var deliveries: [KeyDelivery]
    public var pools: [KeyPool]
    public var durationS: Double
    /// The first `retainBits` of delivered key per request, in order.
    public var keyMaterial: [BitVector]

    public func deliveredBits(request: Int) -> Int {
        deliveries.filter { $0.request == request }.reduce(0) { $0 + $1.bits }
    }
    public var deliveredBits: Int { deliveries.reduce(0) { $0 + $1.bits } }
    public func endToEndRateBps(request: Int) -> Double { Double(deliveredBits(request: request)) / durationS }

    /// What one request's route did, in the terms a report shows; every figure is derived
    /// from the route and the deliveries, so the report cannot disagree with itself.
    public func summary(request i: Int, in net: Network) -> RouteSummary {
        let r = routes[i]
        let mine = deliveries.filter { $0.request == i }
        // Every node that held this request's keys in the clear, in route order.
        let held = Set(mine.flatMap(\.sawKey))
        let saw = mine.isEmpty ? r.relays : r.relays.filter(held.contains)
        let hops = r.linkIndices.map { li -> RouteSummary.Hop in
            let l = net.links[li], rate = net.rates[li]
            return .init(link: l.id, from: l.from, to: l.to, kind: l.kind, fiberKm: l.kind == .fiber ? l.lengthKm : nil,
                         slantRangeKm: rate.slantRangeKm, rateBps: rate.averageBps, rateBasis: rate.basis,
                         keyBitsPerPass: rate.keyBitsPerPass.map { Int($0) }, keyRateWhileVisibleBps: rate.keyRateWhileVisibleBps,
                         passesPerDay: rate.passesPerDay)
        }
        return RouteSummary(route: r.nodes, hops: hops, fiberKm: hops.compactMap(\.fiberKm).reduce(0, +),
                            relaysSawKey: saw, bottleneckLink: net.links[r.bottleneckLinkIndex].id,
                            bottleneckRateBps: r.bottleneckBps, deliveredKeyBits: deliveredBits(request: i),
                            endToEndKeyRateBps: endToEndRateBps(request: i))
    }
}

/// One request's route as a report shows it.
public struct RouteSummary: Codable, Sendable, Equatable {
    public struct Hop: Codable, Sendable, Equatable {
        public var link: String
        public var from: String
        public var to: String
        public var kind: LinkKind
        /// Fiber length; nil for satellite links, which have no fiber.
        public var fiberKm: Double?
        /// Satellite links: slant range at closest approach of the modelled pass.
        public var slantRangeKm: Double?
        public var rateBps: Double
        /// "published" or "model value".
        public var rateBasis: String
        /// Satellite links: final key per pass (per block of passes for entanglement), whole bits.
        public var keyBitsPerPass: Int?
        /// Satellite links: final key per second of link time.
        public var keyRateWhileVisibleBps: Double?
        public var passesPerDay: Double?
    }
    public var route: [String]
    public var hops: [Hop]
    public var fiberKm: Double
    /// The nodes that saw the key: exactly the route's relays (ends excluded).
    public var relaysSawKey: [String]
    public var bottleneckLink: String
    public var bottleneckRateBps: Double
    /// Whole bits: keys are relayed whole (`keyBits` each).
    public var deliveredKeyBits: Int
    /// Delivered bits over the simulated time; never above `bottleneckRateBps`.
    public var endToEndKeyRateBps: Double
}

/// Steps simulated time: pools fill at their link rates, then each request
/// relays as many whole keys as every pool on its route allows.
public enum NetworkSimulator {
    public static func run(_ net: Network, requests: [KeyRequest], settings s: SimulationSettings,
                           cancellation: CancellationToken? = nil) throws -> SimulationResult {
        guard SimulationSettings.hoursRange.contains(s.hours) else {
            throw NetworkError("hours must be between 0.01 and 168 (got \(s.hours))")
        }
        guard !requests.isEmpty else { throw NetworkError("no key requests: give --from and --to") }
        let routes = try requests.map { try Router.route(in: net, from: $0.from, to: $0.to, policy: s.policy) }
        let duration = s.hours * 3600
        let steps = Int((duration / s.stepS).rounded(.up))

        // Bound the work before allocating anything: key a route could carry × its hops.
        var bound = 0.0
        for r in routes {
            let carry = r.linkIndices.map { producedUpperBound(net.rates[$0], duration: duration) }.min() ?? 0
            bound += carry * Double(r.hops)
        }
        if bound > Double(SimulationSettings.maxRelayedBits) {
            let maxH = s.hours * Double(SimulationSettings.maxRelayedBits) / bound
            throw NetworkError("this run would relay about \(Int(bound).groupedDigits) bits; the relay simulation is limited to "
                + "\(SimulationSettings.maxRelayedBits.groupedDigits) (2^30): ask for at most \(String(format: "%.2f", maxH)) hours")
        }

        var pools = net.links.indices.map { i -> KeyPool in
            let r = net.rates[i]
            // A pool always holds at least two steps' key.
            let need = r.averageBps * s.stepS * 2
            return KeyPool(linkID: net.links[i].id, capacityBits: max(s.poolCapacityBits, Int(need.rounded(.up)) + s.keyBits),
                           seed: s.seed)
        }
        var appKeys = RandomStream(seed: s.seed, name: "app.keys")
        var deliveries: [KeyDelivery] = []
        var material = [BitVector](repeating: BitVector(), count: requests.count)
        var sharing = [Int](repeating: 0, count: net.links.count)
        for r in routes { for li in r.linkIndices { sharing[li] += 1 } }

        for step in 0..<steps {
            if cancellation?.isCancelled == true { throw CancelledError() }
            let t0 = Double(step) * s.stepS
            let dt = min(s.stepS, duration - t0)
            for i in pools.indices { pools[i].fill(produced(net.rates[i], from: t0, dt: dt)) }
            // Fair share first, then leftovers in request order.
            for pass in 0..<2 {
                for (ri, r) in routes.enumerated() {
                    let n = r.linkIndices.map { pools[$0].availableBits / (pass == 0 ? sharing[$0] : 1) }.min()! / s.keyBits
                    guard n > 0 else { continue }
                    let key = BitVector(random: n * s.keyBits, from: &appKeys)
                    guard let relayed = TrustedRelay.relay(key: key, route: r.nodes, linkIndices: r.linkIndices,
                                                           links: net.links, pools: &pools) else { continue }
                    if material[ri].count < s.retainBits {
                        let take = min(s.retainBits - material[ri].count, relayed.received.count)
                        let add = relayed.received.slice(0..<take)
                        for w in 0..<((take + 63) / 64) {
                            material[ri].append(word: add.words[w], bits: min(64, take - 64 * w))
                        }
                    }
                    deliveries.append(KeyDelivery(id: deliveries.count, request: ri, timeS: t0 + dt, keys: n,
                                                  bits: n * s.keyBits, route: r.nodes, sawKey: relayed.sawKey,
                                                  verified: relayed.delivered))
                }
            }
        }
        return SimulationResult(routes: routes, deliveries: deliveries, pools: pools, durationS: duration, keyMaterial: material)
    }

    /// Key a link makes in [t0, t0+dt) at its long-run average rate. Satellite links really
    /// deliver a pass (or a block of passes) at a time; filling at the average keeps every
    /// route's delivered rate at or below its bottleneck's rate, whatever the window.
    static func produced(_ r: LinkRate, from t0: Double, dt: Double) -> Double {
        r.averageBps * dt
    }

    static func producedUpperBound(_ r: LinkRate, duration: Double) -> Double {
        produced(r, from: 0, dt: duration)
    }
}
