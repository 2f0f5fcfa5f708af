import Foundation
import QKD
import QuantumSim
import Testing
@testable import QKDNetwork

@Suite struct ScenarioTests {
    @Test(arguments: ScenarioLoader.bundledNames)
    func everyScenarioLoadsWithSources(name: String) throws {
        let sc = try ScenarioLoader.load(named: name)
        #expect(sc.id == name && !sc.description.isEmpty && !sc.facts.isEmpty)
        for f in sc.facts { #expect(!f.source.isEmpty, "fact \(f.name)") }
        for n in sc.network.nodes { #expect(!n.source.isEmpty) }
        for l in sc.network.links { #expect(!l.source.isEmpty) }
        // Every "facts" entry in the raw file has a source field too.
        let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: ScenarioLoader.bundledURL(name))) as! [String: Any]
        for f in raw["facts"] as! [[String: Any]] { #expect((f["source"] as? String)?.isEmpty == false) }
        for r in sc.defaultRequests { _ = try Router.route(in: sc.network, from: r.from, to: r.to, policy: .shortest) }
    }

    @Test func scenarioFigures() throws {
        let bs = try ScenarioLoader.load(named: "beijing-shanghai").network
        #expect(bs.trustedNodeCount == 32 && bs.links.count == 33 && bs.totalFiberKm == 2032)
        let se = try ScenarioLoader.load(named: "secoqc-2008").network
        #expect(se.nodes.count == 6 && se.links.count == 8 && se.links.map(\.lengthKm).max() == 83)
        let jn = try ScenarioLoader.load(named: "jinan-2017").network
        let govUsers = jn.nodes.filter { $0.kind == .user && $0.id.hasPrefix("gov-") }.count
        #expect(govUsers > 200 && govUsers < 250)  // "more than 200" (Reuters/Fortune, Sep 2017)
    }

    @Test func badFilesGiveFileColonMessage() {
        func message(_ json: String) -> String {
            do { _ = try ScenarioLoader.parse(Data(json.utf8), file: "bad.json"); return "" } catch { return "\(error)" }
        }
        #expect(message("{") == "bad.json: not valid JSON")
        #expect(message(#"{"id":"x"}"#).hasPrefix("bad.json: missing field"))
        let noSource = #"{"id":"x","title":"t","description":"d","illustrative":"i","facts":[{"name":"n","value":"v","source":""}],"#
            + #""defaults":{"preset":"gys","model":"gllp","requests":[]},"nodes":[],"links":[]}"#
        #expect(message(noSource) == "bad.json: fact 'n' has no source")
        #expect(throws: NetworkError.self) { try ScenarioLoader.load(named: "atlantis") }
    }
}

@Suite struct MessagingTests {
    func key(_ bits: Int) -> BitVector {
        var s = RandomStream(seed: 21, name: "msg")
        return BitVector(random: bits, from: &s)
    }

    @Test func oneTimePadRoundTrip() throws {
        let m = Array("Meet at the Jinan node at noon.".utf8)
        let k = key(m.count * 8)
        let c = try SecureMessaging.oneTimePad(m, key: k)
        #expect(c != m)
        #expect(try SecureMessaging.oneTimePad(c, key: k) == m)
        #expect(throws: NetworkError.self) { try SecureMessaging.oneTimePad(m, key: key(8)) }
    }

    @Test func aesGCMRoundTripWithRefresh() throws {
        let m = Array(String(repeating: "quantum ", count: 40).utf8)  // 320 bytes
        let k = key(256 * 4)
        let segs = try SecureMessaging.sealAESGCM(m, key: k, refreshBytes: 100)
        #expect(segs.count == 4 && segs.map(\.keyOffsetBits) == [0, 256, 512, 768])
        #expect(try SecureMessaging.openAESGCM(segs, key: k) == m)
        // A wrong key fails authentication.
        var bad = k; bad.flip(3)
        #expect(throws: (any Error).self) { try SecureMessaging.openAESGCM(segs, key: bad) }
        #expect(throws: NetworkError.self) { try SecureMessaging.sealAESGCM(m, key: k, refreshBytes: 50) }
        #expect(SecureMessaging.oneTimePadBytesPerSecond(keyRateBps: 800) == 100)
        #expect(SecureMessaging.aesBytesPerSecond(keyRateBps: 512, refreshBytes: 1024) == 2048)
    }
}
