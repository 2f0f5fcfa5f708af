import ArgumentParser
import Foundation
import QKD
import QKDNetwork

extension RoutingPolicy: ExpressibleByArgument {}

/// JSON and text report of `run network`.
public struct NetworkRunReport: Codable, Sendable {
    public struct RequestReport: Codable, Sendable {
        public var from: String
        public var to: String
        public var route: [String]
        /// Fiber km on the route (satellite hops have none: see `hopDetails`).
        public var routeKm: Double
        public var hops: Int
        /// Every node that saw the key (the route's relays); `trustedRelaysSawKey` is its count.
        public var relaysSawKey: [String]
        public var trustedRelaysSawKey: Int
        /// Each hop: fiber km or satellite slant range, rate and whether the rate is published or a model value.
        public var hopDetails: [RouteSummary.Hop]
        public var bottleneckLink: String
        public var bottleneckRateBps: Double
        /// "published" or "model value": say which on screen next to the rate.
        public var bottleneckRateBasis: String
        public var endToEndKeyRateBps: Double
        public var deliveredKeyBits: Int
        public var exposedKeyBits: Int
    }
    public struct MessageReport: Codable, Sendable {
        public var bytes: Int
        public var oneTimePadKeyBits: Int
        public var oneTimePadCiphertextHex: String?
        public var oneTimePadRoundTrip: Bool
        public var aesRefreshBytes: Int
        public var aesSegments: Int
        public var aesKeyBits: Int
        public var aesRoundTrip: Bool
        /// Set when not enough key was delivered.
        public var note: String?
        public var readableByCompromised: [String]
    }
    /// A link's key pool at the end of the run.
    public struct LinkPool: Codable, Sendable {
        public var link: String
        public var capacityBits: Int
        /// Key waiting in the pool.
        public var levelBits: Int
        public var consumedBits: Int
        public var discardedBits: Int
        /// The link is on the first request's route, in route order when set.
        public var routePosition: Int?
    }
    public var scenario: String
    public var title: String
    public var nodes: Int
    public var links: Int
    public var trustedNodes: Int
    public var totalFiberKm: Double
    public var routing: RoutingPolicy
    public var hours: Double
    public var seed: UInt64
    public var route: [String]
    public var bottleneckLink: String
    public var bottleneckRateBps: Double
    /// "published" or "model value", for the first request's bottleneck.
    public var bottleneckRateBasis: String
    public var endToEndKeyRateBps: Double
    public var deliveredKeyBits: Int
    public var compromised: [String]
    public var exposedKeyBits: Int
    public var requests: [RequestReport]
    public var oneTimePadMaxBytesPerSecond: Double
    public var aesMaxBytesPerSecond: Double
    public var aesRefreshBytes: Int
    public var message: MessageReport?
    public var hasEntanglementLink: Bool
    public var illustrative: String
    public var caveats: [String]
    public var linkPools: [LinkPool]
}

public struct RunNetwork: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Relay keys through a trusted-node QKD network (real deployments as scenarios).",
        discussion: """
        Each link fills a key pool at the rate its QKD model gives; keys travel hop by hop, \
        one-time padded with each link's key, so every relay sees them.

        Example: qkdtutor run network beijing-shanghai --hours 2 --compromise Hefei
        """)

    @Argument(help: "Scenario name (see --list).") var scenario: String?
    @Flag(help: "List the scenarios with a one-line description.") var list = false
    @Option(help: "Simulated hours (0.01 to 168).") var hours = 1.0
    @Option(help: "Requesting end node (with --to).") var from: String?
    @Option(help: "Receiving end node (with --from).") var to: String?
    @Option(help: "Compromised nodes, comma-separated.") var compromise: String?
    @Option(help: "Encrypt this message (up to 4096 bytes) with the delivered key.") var message: String?
    @Option(name: .customLong("refresh-bytes"), help: "AES-256-GCM key refresh interval in bytes (1 to 1,000,000).") var refreshBytes = 1024
    @Option(help: "Routing: shortest (fewest hops) or widest (largest bottleneck rate).") var routing: RoutingPolicy = .shortest
    @Option(help: "Random seed: the same seed replays the same run.") var seed: UInt64 = 1
    @OptionGroup public var output: OutputOptions

    public init() {}

    struct ScenarioListing: Codable, Sendable { var scenario: String; var description: String }

    public func execute(_ context: ExecutionContext) throws -> Report {
        if list {
            let rows = try ScenarioLoader.bundledNames.map { name -> (String, String) in
                (name, try CommandError.wrapNetwork { try ScenarioLoader.description(named: name) })
            }
            let listing = rows.map { ScenarioListing(scenario: $0.0, description: $0.1) }
            return Report(kind: "scenarios", listing) { l, _ in
                l.map { Format.pad($0.scenario, 18) + $0.description }.joined(separator: "\n")
            }
        }
        guard let scenario else {
            throw RequestError("give a scenario (\(ScenarioLoader.bundledNames.joined(separator: ", "))) or --list")
        }
        let report = try CommandError.wrapNetwork { try makeReport(scenario, cancellation: context.cancellation) }
        return Report(kind: "network", report) { NetworkText.render($0, style: $1) }
    }

    func makeReport(_ name: String, cancellation: CancellationToken?) throws -> NetworkRunReport {
        let sc = try ScenarioLoader.load(named: name, cancellation: cancellation)
        let net = sc.network
        guard SimulationSettings.hoursRange.contains(hours) else {
            throw NetworkError("--hours must be between 0.01 and 168 (got \(hours))")
        }
        guard (1...1_000_000).contains(refreshBytes) else {
            throw NetworkError("--refresh-bytes must be between 1 and 1,000,000 (got \(refreshBytes))")
        }
        let requests: [KeyRequest]
        switch (from, to) {
        case let (f?, t?): requests = [KeyRequest(from: f, to: t)]
        case (nil, nil): requests = sc.defaultRequests
        default: throw NetworkError("give both --from and --to, or neither (nodes: \(net.nodeNameList))")
        }
        for r in requests {
            _ = try net.requireNode(TerminalSafe.clean(r.from)); _ = try net.requireNode(TerminalSafe.clean(r.to))
        }
        let compromised = Set((compromise ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        for c in compromised.sorted() { _ = try net.requireNode(TerminalSafe.clean(c)) }
        let bytes = message.map { Array($0.utf8) } ?? []
        guard bytes.count <= SecureMessaging.maxMessageBytes else {
            throw NetworkError("--message is limited to \(SecureMessaging.maxMessageBytes) bytes (got \(bytes.count))")
        }
        let aesSegments = max(1, (bytes.count + refreshBytes - 1) / refreshBytes)
        let otpBits = bytes.count * 8, aesBits = aesSegments * 256

        var s = SimulationSettings()
        s.hours = hours; s.seed = seed; s.policy = routing
        if let c = sc.poolCapacityBits { s.poolCapacityBits = c }
        s.retainBits = max(s.retainBits, otpBits + aesBits)
        let result = try NetworkSimulator.run(net, requests: requests, settings: s, cancellation: cancellation)
        let exposure = CompromiseAnalysis.analyze(result.deliveries, compromised: compromised)

        let reqReports = requests.indices.map { i -> NetworkRunReport.RequestReport in
            let sum = result.summary(request: i, in: net)
            let exposedIDs = Set(exposure.exposed.map(\.delivery))
            let mine = result.deliveries.filter { $0.request == i }
            return .init(from: requests[i].from, to: requests[i].to, route: sum.route, routeKm: sum.fiberKm,
                         hops: sum.hops.count, relaysSawKey: sum.relaysSawKey, trustedRelaysSawKey: sum.relaysSawKey.count,
                         hopDetails: sum.hops, bottleneckLink: sum.bottleneckLink,
                         bottleneckRateBps: sum.bottleneckRateBps,
                         bottleneckRateBasis: sum.hops.first { $0.link == sum.bottleneckLink }?.rateBasis ?? LinkRate.modelValue,
                         endToEndKeyRateBps: sum.endToEndKeyRateBps,
                         deliveredKeyBits: sum.deliveredKeyBits,
                         exposedKeyBits: mine.filter { exposedIDs.contains($0.id) }.reduce(0) { $0 + $1.bits })
        }
        let first = reqReports[0]
        var msg: NetworkRunReport.MessageReport?
        if message != nil {
            let key = result.keyMaterial[0]
            let readers = Array(Set(exposure.exposed.filter { $0.from == first.from && $0.to == first.to }.flatMap(\.readBy))).sorted()
            var m = NetworkRunReport.MessageReport(
                bytes: bytes.count, oneTimePadKeyBits: otpBits, oneTimePadCiphertextHex: nil, oneTimePadRoundTrip: false,
                aesRefreshBytes: refreshBytes, aesSegments: aesSegments, aesKeyBits: aesBits, aesRoundTrip: false,
                note: nil, readableByCompromised: readers)
            if key.count >= otpBits + aesBits {
                // Separate key bits for the two ciphers: a key is used once.
                let otpKey = key.slice(0..<otpBits), aesKey = key.slice(otpBits..<otpBits + aesBits)
                let c = try SecureMessaging.oneTimePad(bytes, key: otpKey)
                m.oneTimePadCiphertextHex = c.prefix(64).map { String(format: "%02x", $0) }.joined()
                m.oneTimePadRoundTrip = try SecureMessaging.oneTimePad(c, key: otpKey) == bytes
                let segs = try SecureMessaging.sealAESGCM(bytes, key: aesKey, refreshBytes: refreshBytes)
                m.aesRoundTrip = try SecureMessaging.openAESGCM(segs, key: aesKey) == bytes
            } else {
                m.note = "only \(key.count) key bits reached \(first.to) in \(hours) h; the message needs \(otpBits + aesBits) (one-time pad plus AES keys): simulate more hours"
            }
            msg = m
        }
        var caveats = [
            "Trusted relays see the key: every node on the route decrypts and re-encrypts it (Peev et al., New J. Phys. 11, 075001 (2009)).",
            "QKD does not authenticate: the classical channel needs pre-shared keys or signatures.",
            "Implementations can be attacked where the physics holds, e.g. detector blinding (Lydersen et al., Nature Photonics 4, 686 (2010)).",
        ]
        let basisCounts = Dictionary(grouping: net.rates, by: \.basis).mapValues(\.count)
        if let n = basisCounts[LinkRate.modelValue] {
            caveats.append("\(n) of \(net.links.count) link rates are model values (fiber: asymptotic key-rate model on a named preset; satellite: finite key per pass), not the deployment's measured rates.")
        }
        if net.links.contains(where: { $0.kind == .entanglement }) {
            caveats.append("An entanglement link (Yin et al., Nature 582, 501 (2020)) does not trust the satellite: compromising it exposes no key sent over that link.")
        }
        if net.links.contains(where: { $0.kind != .fiber }) {
            caveats.append("Satellite links deliver key one night pass at a time (the entanglement link one block of passes); the simulation fills their pools at the long-run average.")
        }
        return NetworkRunReport(
            scenario: sc.id, title: sc.title, nodes: net.nodes.count, links: net.links.count,
            trustedNodes: net.trustedNodeCount, totalFiberKm: net.totalFiberKm, routing: routing, hours: hours, seed: seed,
            route: first.route, bottleneckLink: first.bottleneckLink, bottleneckRateBps: first.bottleneckRateBps,
            bottleneckRateBasis: first.bottleneckRateBasis,
            endToEndKeyRateBps: first.endToEndKeyRateBps, deliveredKeyBits: result.deliveredBits,
            compromised: compromised.sorted(), exposedKeyBits: exposure.exposedKeyBits, requests: reqReports,
            oneTimePadMaxBytesPerSecond: SecureMessaging.oneTimePadBytesPerSecond(keyRateBps: first.endToEndKeyRateBps),
            aesMaxBytesPerSecond: SecureMessaging.aesBytesPerSecond(keyRateBps: first.endToEndKeyRateBps, refreshBytes: refreshBytes),
            aesRefreshBytes: refreshBytes, message: msg,
            hasEntanglementLink: net.links.contains { $0.kind == .entanglement },
            illustrative: sc.illustrative, caveats: caveats,
            linkPools: result.pools.map { pool in
                let position = result.routes[0].linkIndices.firstIndex { net.links[$0].id == pool.linkID }
                return .init(link: pool.linkID, capacityBits: pool.capacityBits, levelBits: pool.availableBits,
                             consumedBits: pool.consumedBits, discardedBits: pool.discardedBits, routePosition: position)
            })
    }
}

extension CommandError {
    /// Like `wrap`, for the network engine's errors.
    static func wrapNetwork<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as NetworkError {
            throw RequestError(e.message)
        } catch let e as KeyRateError {
            throw RequestError(e.description)
        }
    }
}

/// Plain-text rendering of a network run.
enum NetworkText {
    static func chain(_ nodes: [String], _ s: TextStyle, width: Int) -> [String] {
        let sep = s.unicode ? " ── " : " -- "
        var lines: [String] = []
        var line = "  "
        for (i, n) in nodes.enumerated() {
            let piece = (i == 0 ? "" : sep) + n
            if line.count + piece.count > max(40, width) && line.count > 2 {
                lines.append(line)
                line = "    " + n
            } else {
                line += piece
            }
        }
        lines.append(line)
        return lines
    }

    static func rate(_ bps: Double) -> String {
        Format.rate(bitsPerSecond: bps)   // bit/s, kbit/s, Mbit/s: one form for every rate
    }

    /// "1 hop", "2 hops".
    static func plural(_ n: Int, _ word: String) -> String { "\(Format.count(n)) \(word)\(n == 1 ? "" : "s")" }

    /// Hops, fiber km and, for satellite hops, their slant range (a satellite link has no fiber length).
    static func routeLength(_ q: NetworkRunReport.RequestReport) -> String {
        var parts = [plural(q.hops, "hop")]
        let sat = q.hopDetails.filter { $0.kind != .fiber }
        if q.routeKm > 0 || sat.isEmpty { parts.append("\(Format.number(q.routeKm, 0)) km of fiber") }
        for h in sat {
            var about = [h.slantRangeKm.map { "slant range \(Format.number($0, 0)) km at closest approach" } ?? "slant range unknown"]
            if let bits = h.keyBitsPerPass, let live = h.keyRateWhileVisibleBps {
                let unit = h.kind == .entanglement ? "block of night passes" : "night pass"
                about.append("\(Format.count(bits)) bits per \(unit), \(rate(live)) while visible")
            }
            parts.append("\(h.kind == .entanglement ? "entanglement link" : "satellite downlink") \(h.link) (\(about.joined(separator: "; ")))")
        }
        return parts.joined(separator: ", ")
    }

    static func render(_ r: NetworkRunReport, style s: TextStyle) -> String {
        var out: [String] = []
        out.append(s.bold("\(r.title) \(s.dash) \(r.hours) h simulated, seed \(r.seed), \(r.routing.rawValue) routing"))
        out.append("  \(plural(r.nodes, "node")), \(plural(r.links, "link")), \(plural(r.trustedNodes, "trusted-relay node")) in the network, \(Format.number(r.totalFiberKm, 0)) km of fiber")
        for q in r.requests {
            out.append("")
            out.append(s.bold("  \(q.from) \(s.unicode ? "→" : "->") \(q.to)") + ", " + routeLength(q))
            out += chain(q.route, s, width: s.width - 2)
            out.append("  bottleneck      \(q.bottleneckLink) at \(rate(q.bottleneckRateBps)) (\(q.bottleneckRateBasis); the slowest link caps the route)")
            out.append("  end to end      \(rate(q.endToEndKeyRateBps)): \(Format.count(q.deliveredKeyBits)) key bits delivered")
            out.append("  saw the key     " + (q.relaysSawKey.isEmpty ? "no relay (direct link)" : plural(q.relaysSawKey.count, "relay") + ": " + q.relaysSawKey.joined(separator: ", ")))
            if !r.compromised.isEmpty {
                let frac = q.deliveredKeyBits > 0 ? Double(q.exposedKeyBits) / Double(q.deliveredKeyBits) : 0
                out.append("  exposed         \(Format.count(q.exposedKeyBits)) bits (\(Format.percent(frac, digits: 0)))")
            }
        }
        if !r.compromised.isEmpty {
            out.append("")
            let verdict = r.exposedKeyBits > 0 ? s.red("EXPOSED") : s.green("SAFE")
            out.append("  compromised \(r.compromised.joined(separator: ", ")): \(verdict) \(Format.count(r.exposedKeyBits)) of \(Format.count(r.deliveredKeyBits)) delivered key bits readable")
        }
        out.append("")
        out.append("  throughput      one-time pad at most \(Format.rate(bytesPerSecond: r.oneTimePadMaxBytesPerSecond)); "
            + "AES-256-GCM refreshed every \(Format.plural(r.aesRefreshBytes, "byte")): \(Format.rate(bytesPerSecond: r.aesMaxBytesPerSecond))")
        if let m = r.message {
            if let note = m.note {
                out.append("  message         \(note)")
            } else {
                out.append("  message         \(Format.plural(m.bytes, "byte")): one-time pad used \(Format.plural(m.oneTimePadKeyBits, "key bit")) "
                    + "(\(m.oneTimePadRoundTrip ? s.check : s.cross)); AES-GCM used \(Format.plural(m.aesSegments, "key")), \(Format.plural(m.aesKeyBits, "bit")) (\(m.aesRoundTrip ? s.check : s.cross))")
                if let hex = m.oneTimePadCiphertextHex { out.append("  ciphertext      " + String(hex.prefix(48)) + (hex.count > 48 ? "…" : "")) }
                if !m.readableByCompromised.isEmpty {
                    out.append("  " + s.red("readable by") + "     " + m.readableByCompromised.joined(separator: ", "))
                }
            }
        }
        out.append("")
        out.append(s.dim("  Illustrative: " + r.illustrative))
        for c in r.caveats { out.append("  * " + c) }
        return out.joined(separator: "\n")
    }
}
