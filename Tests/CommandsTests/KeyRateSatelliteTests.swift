import Foundation
import QKDNetwork
import Testing
@testable import Commands

/// `run keyrate --preset satellite` draws Micius against its own slant range and loss, not fiber km.
@Suite struct KeyRateSatelliteTests {
    func outcome(_ line: String) -> Outcome {
        var interpreter = Interpreter(session: Session(seed: 7))
        return interpreter.execute(line)
    }

    @Test func satelliteCurveIsAgainstSlantRange() throws {
        guard case .report(let r, _, _) = outcome("keyrate --preset satellite") else { Issue.record("no report"); return }
        let c = try #require(r.value as? RunKeyRate.CurveReport)
        #expect(c.axis == SlantRangeAxis.axisLabel)
        // Default: zenith (500 km) to about 10° elevation, never fiber's 0 km.
        #expect(c.rows.first?.distanceKm == 500 && c.rows.last?.distanceKm == 1_700)
        // The same points the engine gives, row by row.
        let pts = try SlantRangeAxis.points(slantRangesKm: c.rows.map(\.distanceKm))
        #expect(c.slantRange == pts)
        #expect(zip(c.rows, pts).allSatisfy { $0.ratePerSecond == $1.keyRateBps })
        let text = r.text(.plainASCII)
        #expect(text.contains("slant km") && text.contains("elevation") && text.contains("loss dB") && text.contains("model value"))
        // Liao et al.'s two published points sit on the axis.
        guard case .report(let r2, _, _) = outcome("keyrate --preset satellite --distance 645:1200:555") else { Issue.record("no report"); return }
        let sr = try #require((r2.value as? RunKeyRate.CurveReport)?.slantRange)
        #expect(abs(sr[0].lossDb - 22) < 1e-9 && abs(sr[1].lossDb - 35) < 1e-9)
    }

    @Test func satelliteRefusesFiberOnlyRequests() {
        for line in ["keyrate --preset satellite --distance 100", "keyrate --preset satellite --compare",
                     "keyrate --preset satellite --model gllp", "keyrate --preset satellite --mu 0.5"] {
            guard case .failure = outcome(line) else { Issue.record("'\(line)' should fail"); continue }
        }
        // A fiber preset keeps its fiber axis.
        if case .report(let r, _, _) = outcome("keyrate --preset gys --distance 0:50:25") {
            #expect((r.value as? RunKeyRate.CurveReport)?.axis == "fiber distance")
        } else { Issue.record("gys gave no report") }
    }
}
