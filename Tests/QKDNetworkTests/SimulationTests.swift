import QKD
import Testing
@testable import QKDNetwork

@Suite struct SimulationTests {
    @Test func endToEndRateIsTheBottleneck() throws {
        let sc = try ScenarioLoader.load(named: "beijing-shanghai")
        var s = SimulationSettings()
        s.hours = 1; s.seed = 4
        let r = try NetworkSimulator.run(sc.network, requests: sc.defaultRequests, settings: s)
        let route = r.routes[0]
        #expect(route.hops == 33 && route.relays.count == 32)
        // The bottleneck is the one 89 km link, and it is the slowest rate on the route.
        let neck = sc.network.links[route.bottleneckLinkIndex]
        #expect(neck.lengthKm == 89)
        let expected = route.bottleneckBps * r.durationS
        // Granularity: at most one 256-bit key (plus a fractional bit) stays in the bottleneck pool.
        #expect(abs(Double(r.deliveredBits(request: 0)) - expected) <= 257)
        #expect(r.deliveries.allSatisfy { $0.verified })
        #expect(r.pools.allSatisfy { $0.availableBits >= 0 && $0.availableBits <= $0.capacityBits })
        #expect(r.pools[route.bottleneckLinkIndex].availableBits < 256)
    }

    @Test func routingPolicies() throws {
        let sc = try ScenarioLoader.load(named: "micius")
        let net = sc.network
        let short = try Router.route(in: net, from: "Delingha", to: "Nanshan", policy: .shortest)
        #expect(short.nodes == ["Delingha", "Nanshan"] && short.relays.isEmpty)
        let wide = try Router.route(in: net, from: "Delingha", to: "Nanshan", policy: .widest)
        #expect(wide.nodes == ["Delingha", "Micius", "Nanshan"])
        #expect(wide.bottleneckBps > short.bottleneckBps)
        #expect(throws: NetworkError.self) { try Router.route(in: net, from: "Delingha", to: "Atlantis", policy: .shortest) }
    }

    @Test func compromiseExposesExactlyTheKeysThroughTheNode() throws {
        let sc = try ScenarioLoader.load(named: "jinan-2017")
        var s = SimulationSettings()
        s.hours = 0.25; s.seed = 2
        let r = try NetworkSimulator.run(sc.network, requests: sc.defaultRequests, settings: s)
        #expect(r.deliveries.count > 0)
        for node in ["Node-A", "Node-B", "Node-C", "Node-D"] {
            let rep = CompromiseAnalysis.analyze(r.deliveries, compromised: [node])
            let through = r.deliveries.filter { $0.route.contains(node) }
            #expect(rep.exposed.map(\.delivery) == through.map(\.id))
            #expect(rep.exposedKeyBits == through.reduce(0) { $0 + $1.bits })
        }
        // A user terminal reads only its own keys.
        let own = CompromiseAnalysis.analyze(r.deliveries, compromised: ["gov-001"])
        #expect(own.exposed.allSatisfy { $0.from == "gov-001" || $0.to == "gov-001" })
        #expect(CompromiseAnalysis.analyze(r.deliveries, compromised: ["gov-100"]).exposedKeyBits == 0)
    }

    @Test func entanglementLinkDoesNotTrustTheSatellite() throws {
        let sc = try ScenarioLoader.load(named: "micius")
        var s = SimulationSettings()
        // The entanglement link's key is a few hundred bits per block of many nights (372 published):
        // a week gives less than one 256-bit key, so the requests here ask for 64-bit keys.
        s.hours = 168
        s.keyBits = 64
        for (policy, exposed) in [(RoutingPolicy.shortest, false), (.widest, true)] {
            s.policy = policy
            let r = try NetworkSimulator.run(sc.network, requests: sc.defaultRequests, settings: s)
            #expect(r.deliveredBits > 0)
            let rep = CompromiseAnalysis.analyze(r.deliveries, compromised: ["Micius"])
            #expect((rep.exposedKeyBits == rep.totalKeyBits) == exposed)
            #expect((rep.exposedKeyBits == 0) == !exposed)
        }
    }

    @Test func limitsAreStated() throws {
        let sc = try ScenarioLoader.load(named: "secoqc-2008")
        var s = SimulationSettings()
        s.hours = 500
        #expect(throws: NetworkError.self) { try NetworkSimulator.run(sc.network, requests: sc.defaultRequests, settings: s) }
    }
}
