import QKD
import QuantumSim
import Testing
@testable import QKDNetwork

/// A chain of `hops` fiber links, users at both ends.
func chain(hops: Int, km: Double = 20) throws -> Network {
    var nodes = [Node(id: "A", kind: .user, source: "test")]
    for i in 1..<hops { nodes.append(Node(id: "R\(i)", kind: .trustedRelay, source: "test")) }
    nodes.append(Node(id: "B", kind: .user, source: "test"))
    let links = (0..<hops).map { i in
        Link(id: "L\(i)", from: nodes[i].id, to: nodes[i + 1].id, kind: .fiber, lengthKm: km + Double(i % 3),
             preset: "gys", model: .decoyVacuumWeak, source: "test")
    }
    return try Network(nodes: nodes, links: links)
}

@Suite struct RelayTests {
    @Test(arguments: [1, 2, 5, 17, 33])
    func farEndRecoversKey(hops: Int) throws {
        let net = try chain(hops: hops)
        var pools = net.links.indices.map { KeyPool(linkID: net.links[$0].id, capacityBits: 10_000, seed: 9) }
        for i in pools.indices { pools[i].fill(5_000) }
        var s = RandomStream(seed: 3, name: "test.key")
        let key = BitVector(random: 1000, from: &s)
        let route = try Router.route(in: net, from: "A", to: "B", policy: .shortest)
        #expect(route.hops == hops)
        let r = try #require(TrustedRelay.relay(key: key, route: route.nodes, linkIndices: route.linkIndices,
                                                links: net.links, pools: &pools))
        #expect(r.received == key)
        #expect(r.sawKey == route.relays)
        #expect(r.sawKey.count == hops - 1)
        // Each hop's ciphertext alone is not the key (it is padded).
        for h in r.hops { #expect(h.ciphertext != key) }
        for p in pools { #expect(p.availableBits == 4_000) }
    }

    @Test func keysAreNeverReusedAndPoolsNeverGoNegative() {
        var pool = KeyPool(linkID: "L", capacityBits: 1_000, seed: 5)
        pool.fill(700.6)
        pool.fill(0.5)  // the fractions add up to one more bit
        #expect(pool.availableBits == 701)
        var offsets: [Range<Int>] = []
        var all = BitVector()
        while let c = pool.draw(100) {
            offsets.append(c.offset..<c.offset + 100)
            for i in 0..<c.bits.count { all.append(c.bits[i]) }
            #expect(pool.availableBits >= 0)
        }
        #expect(offsets.count == 7 && pool.availableBits == 1)
        #expect(pool.draw(2) == nil && pool.availableBits == 1)
        for (a, b) in zip(offsets, offsets.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        // The chunks are consecutive stream bits, so no bit was handed out twice.
        var fresh = RandomStream(seed: 5, name: "link.L")
        let expected = BitVector(random: 700, from: &fresh)
        #expect(all == expected)
        pool.fill(5_000)
        #expect(pool.availableBits == 1_000 && pool.discardedBits == 4_001)
    }

    @Test func failedRelayConsumesNothing() throws {
        let net = try chain(hops: 3)
        var pools = net.links.indices.map { KeyPool(linkID: net.links[$0].id, capacityBits: 10_000, seed: 1) }
        pools[0].fill(500); pools[1].fill(100); pools[2].fill(500)
        var s = RandomStream(seed: 1, name: "k")
        let key = BitVector(random: 256, from: &s)
        #expect(TrustedRelay.relay(key: key, route: ["A", "R1", "R2", "B"], linkIndices: [0, 1, 2],
                                   links: net.links, pools: &pools) == nil)
        #expect(pools.map(\.availableBits) == [500, 100, 500])
    }

    @Test func satelliteXorScheme() {
        var s = RandomStream(seed: 11, name: "sat")
        let ka = BitVector(random: 512, from: &s), kb = BitVector(random: 512, from: &s)
        let r = SatelliteRelay.combine(keyA: ka, keyB: kb)
        #expect(r.recoveredAtB == ka)
        #expect(r.announced != ka && r.announced != kb)
    }
}
