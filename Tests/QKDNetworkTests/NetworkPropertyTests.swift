import Foundation
import QKD
import QuantumSim
import Testing
@testable import QKDNetwork

/// Every network report agrees with itself, over all scenarios and seeded random requests.
@Suite struct NetworkPropertyTests {
    static func check(_ net: Network, _ result: SimulationResult, request i: Int, keyBits: Int) {
        let s = result.summary(request: i, in: net)
        let route = result.routes[i]
        // The route's rate never exceeds its bottleneck link's rate.
        #expect(s.endToEndKeyRateBps <= s.bottleneckRateBps, "\(s.route.first!) → \(s.route.last!)")
        #expect(s.bottleneckRateBps == s.hops.map(\.rateBps).min())
        #expect(s.hops.contains { $0.link == s.bottleneckLink && $0.rateBps == s.bottleneckRateBps })
        // The relays that saw the key are exactly the route's inner nodes, and each delivery says so.
        #expect(s.relaysSawKey == Array(s.route.dropFirst().dropLast()))
        #expect(s.relaysSawKey.count == s.hops.count - 1)
        for d in result.deliveries where d.request == i {
            #expect(d.sawKey == s.relaysSawKey && d.verified)
            #expect(d.bits == d.keys * keyBits)
        }
        // Whole keys, whole bits; no node twice.
        #expect(s.deliveredKeyBits % keyBits == 0)
        #expect(Set(s.route).count == s.route.count)
        // Fiber hops have km, satellite hops a slant range (never "0 km").
        for h in s.hops {
            if h.kind == .fiber { #expect(h.fiberKm != nil && h.slantRangeKm == nil) } else {
                #expect(h.fiberKm == nil && (h.slantRangeKm ?? 0) > 400)
            }
            #expect(h.rateBasis == LinkRate.modelValue || h.rateBasis == LinkRate.published)
        }
        #expect(abs(s.fiberKm - route.linkIndices.filter { net.links[$0].kind == .fiber }.reduce(0) { $0 + net.links[$1].lengthKm }) < 1e-9)
    }

    @Test(arguments: ScenarioLoader.bundledNames)
    func reportsAreSelfConsistent(name: String) throws {
        let sc = try ScenarioLoader.load(named: name)
        let net = sc.network
        var stream = RandomStream(seed: 2026, name: "property.\(name)")
        let ends = net.nodes.filter { $0.kind != .satellite }.map(\.id)
        var requests = sc.defaultRequests
        while requests.count < sc.defaultRequests.count + 12 {
            let a = ends[Int(stream.nextUniform() * Double(ends.count))], b = ends[Int(stream.nextUniform() * Double(ends.count))]
            if a != b, (try? Router.route(in: net, from: a, to: b, policy: .shortest)) != nil { requests.append(KeyRequest(from: a, to: b)) }
        }
        for policy in RoutingPolicy.allCases {
            var s = SimulationSettings()
            s.hours = 0.5; s.seed = 7; s.policy = policy
            let r = try NetworkSimulator.run(net, requests: requests, settings: s)
            for i in requests.indices { Self.check(net, r, request: i, keyBits: s.keyBits) }
        }
    }

    @Test func jinanUserReachesShanghaiThroughTheBackbone() throws {
        let sc = try ScenarioLoader.load(named: "jinan-2017")
        #expect(sc.defaultRequests.contains(KeyRequest(from: "gov-001", to: "Shanghai-user")))
        #expect(sc.facts.contains { $0.value.contains("more than 200") && $0.source.contains("Reuters") })
        var s = SimulationSettings()
        s.hours = 1
        let r = try NetworkSimulator.run(sc.network, requests: [KeyRequest(from: "gov-001", to: "Shanghai-user")], settings: s)
        let sum = r.summary(request: 0, in: sc.network)
        #expect(sum.deliveredKeyBits > 0)
        for relay in ["Jinan", "Hefei", "Shanghai-node", "R25", "R26"] { #expect(sum.relaysSawKey.contains(relay)) }
        // The backbone's bottleneck stays the 89 km R25–R26 link (the studio narration names it).
        #expect(sum.bottleneckLink == "R25-R26")
        Self.check(sc.network, r, request: 0, keyBits: s.keyBits)
    }

    @Test func cancellationStopsTheRelaySimulation() throws {
        let sc = try ScenarioLoader.load(named: "beijing-shanghai")
        let token = CancellationToken()
        token.cancel()
        #expect(throws: CancelledError.self) {
            try NetworkSimulator.run(sc.network, requests: sc.defaultRequests, settings: SimulationSettings(), cancellation: token)
        }
    }
}

@Suite struct ScenarioLimitTests {
    static func scenario(title: String = "t", groups: Int, perGroup: Int, linkFrom: String = "Hub") -> Data {
        let g = (0..<groups).map { #"{"prefix":"u\#($0)-","count":\#(perGroup),"kind":"user","attachTo":["Hub"],"lengthKm":5,"source":"s"}"# }
        let json = #"{"id":"big","title":"\#(title)","description":"d","illustrative":"i","facts":[{"name":"n","value":"v","source":"s"}],"#
            + #""defaults":{"preset":"gys","model":"gllp","requests":[]},"nodes":[{"id":"Hub","kind":"trusted-relay","source":"s"}],"#
            + #""nodeGroups":[\#(g.joined(separator: ","))],"links":[]}"#
        return Data(json.utf8)
    }

    @Test func moreThanTenThousandNodesIsRefusedByName() {
        // 200 groups of 1,000 nodes: refused before any node is built.
        do {
            _ = try ScenarioLoader.parse(Self.scenario(groups: 200, perGroup: 1_000), file: "big.json")
            Issue.record("a 200,001-node scenario loaded")
        } catch {
            #expect("\(error)" == "big.json: scenario has more than 10,000 nodes (the limit is 10,000)")
        }
    }

    @Test func tenThousandNodesLoadAndRoute() throws {
        let sc = try ScenarioLoader.parse(Self.scenario(groups: 10, perGroup: 999), file: "big.json")
        #expect(sc.network.nodes.count == 9_991)
        let r = try Router.route(in: sc.network, from: "u0-001", to: "u9-999", policy: .widest)
        #expect(r.nodes == ["u0-001", "Hub", "u9-999"])
    }

    @Test func controlCharactersNeverReachTheText() throws {
        let esc = "\u{1B}]52;c;aGk=\u{07}\u{1B}[2J\u{9B}31m"
        let json = String(data: Self.scenario(groups: 1, perGroup: 2), encoding: .utf8)!
            .replacingOccurrences(of: #""title":"t""#, with: #""title":"T\#(esc.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined())""#)
            .replacingOccurrences(of: #""prefix":"u0-""#, with: #""prefix":"u\u001b[31m-""#)
        let sc = try ScenarioLoader.parse(Data(json.utf8), file: "evil\u{1B}[2J.json")
        func clean(_ s: String) -> Bool { !s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) } }
        #expect(sc.title.hasPrefix("T") && clean(sc.title))
        #expect(sc.network.nodes.allSatisfy { clean($0.id) && clean($0.source) })
        do { _ = try ScenarioLoader.parse(Data("{".utf8), file: "evil\u{1B}[2J.json") } catch { #expect(clean("\(error)")) }
    }
}

@Suite struct LoadingCancellationTests {
    @Test func cancellationStopsASatelliteScenarioLoad() {
        let token = CancellationToken()
        token.cancel()
        #expect(throws: CancelledError.self) { try ScenarioLoader.load(named: "micius", cancellation: token) }
    }
}
