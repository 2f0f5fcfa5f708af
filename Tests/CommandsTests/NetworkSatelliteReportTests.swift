import Foundation
import QKDNetwork
import Testing
@testable import Commands

/// `run network` and `run satellite` reports agree with themselves as text and JSON.
@Suite struct NetworkSatelliteReportTests {
    func report(_ line: String) throws -> Report {
        var interpreter = Interpreter(session: Session(seed: 7))
        guard case .report(let r, _, _) = interpreter.execute(line) else {
            Issue.record("'\(line)' gave no report"); throw CancellationError()
        }
        return r
    }

    @Test func singularsAndSatelliteRanges() throws {
        let text = try report("network micius --hours 1").text(.plainASCII)
        #expect(text.contains("Delingha -> Nanshan, 1 hop, entanglement link"))
        #expect(!text.contains("1 hops") && !text.contains("hop, 0 km"))
        #expect(text.contains("slant range"))
        let wide = try report("network micius --hours 1 --routing widest").text(.plainASCII)
        #expect(wide.contains("2 hops") && wide.contains("1 relay: Micius"))
    }

    @Test func relayCountMatchesTheList() throws {
        let r = try report("network jinan-2017 --hours 1 --from gov-001 --to Shanghai-user")
        let n = try #require(r.value as? NetworkRunReport)
        let q = n.requests[0]
        #expect(q.trustedRelaysSawKey == q.relaysSawKey.count && q.relaysSawKey == Array(q.route.dropFirst().dropLast()))
        #expect(q.endToEndKeyRateBps <= q.bottleneckRateBps)
        #expect(r.text(.plainASCII).contains("\(q.relaysSawKey.count) relays: " + q.relaysSawKey.joined(separator: ", ")))
        #expect(n.bottleneckRateBasis == "model value" && r.text(.plainASCII).contains("(model value;"))
    }

    @Test func satelliteKeyLengthsAreWholeBits() throws {
        let r = try report("satellite --station Xinglong --passes 2 --relay-to Graz")
        let json = try r.json()
        // No fractional bit counts anywhere in the key fields.
        for field in ["\"keyBits\"", "\"siftedBits\"", "\"totalKeyBits\"", "\"sharedKeyBits\""] {
            var rest = json[...]
            while let range = rest.range(of: field + " : ") ?? rest.range(of: field + ":") {
                let value = rest[range.upperBound...].prefix { !",\n}".contains($0) }.trimmingCharacters(in: .whitespaces)
                #expect(Int(value) != nil, "\(field) = \(value)")
                rest = rest[range.upperBound...]
            }
        }
        let s = try #require(r.value as? SatelliteRunReport)
        #expect(s.totalKeyBits == s.passes.reduce(0) { $0 + $1.keyBits })
        #expect(s.passes.allSatisfy { $0.sunElevationDeg < -12 })
    }
}
