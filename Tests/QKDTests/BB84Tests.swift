import Foundation
import QuantumSim
import Testing
@testable import QKD

@Suite("BB84 against theory")
struct BB84Tests {
    func config(_ photons: Int = 200_000, seed: UInt64 = 11, _ edit: (inout BB84Configuration) -> Void = { _ in }) -> BB84Configuration {
        var c = BB84Configuration()
        c.photons = photons
        c.seed = seed
        edit(&c)
        return c
    }

    @Test("Uniform bases keep half the detected photons")
    func siftingHalf() throws {
        let r = try BB84.run(config())
        #expect(r.detected == r.photons)
        expectBinomial(r.sifted, of: r.detected, p: 0.5, "sifted/detected")
        #expect(r.siftedErrors == 0)
    }

    @Test("Biased bases keep p² + (1−p)² of the detected photons", arguments: [0.7, 0.9])
    func biasedSifting(p: Double) throws {
        let r = try BB84.run(config { $0.rectilinearProbability = p })
        expectBinomial(r.sifted, of: r.detected, p: p * p + (1 - p) * (1 - p), "efficient BB84 sifting")
    }

    @Test("Intercept-resend on a fraction p gives QBER p/4", arguments: [0.1, 0.25, 0.5, 1.0])
    func interceptResendQber(p: Double) throws {
        let r = try BB84.run(config(seed: 3) { $0.eve = .interceptResend; $0.eveFraction = p })
        expectBinomial(r.siftedErrors, of: r.sifted, p: p / 4, "QBER under intercept-resend")
        // Eve knows the bit when her basis matched Alice's: p/2 of a bit per sifted bit.
        expectBinomial(r.eveKnownBits, of: r.sifted, p: p / 2, "Eve's certain bits")
        expectBinomial(r.eveTouchedBits, of: r.sifted, p: p, "sifted bits Eve touched")
    }

    @Test("Breidbart: QBER 1/4 and Eve guesses right with cos²22.5°")
    func breidbart() throws {
        let r = try BB84.run(config(seed: 5) { $0.eve = .breidbart })
        expectBinomial(r.siftedErrors, of: r.sifted, p: 0.25, "QBER under Breidbart")
        let c = cos(22.5 * Double.pi / 180)
        expectBinomial(r.eveCorrectGuesses, of: r.eveTouchedBits, p: c * c, "Breidbart guesses")
        #expect(r.eveKnownBits == 0)
    }

    @Test("Misalignment e gives QBER e; depolarizing p gives QBER p/2")
    func noise() throws {
        let m = try BB84.run(config(seed: 8) { $0.misalignment = 0.03 })
        expectBinomial(m.siftedErrors, of: m.sifted, p: 0.03, "misalignment")
        let d = try BB84.run(config(seed: 9) { $0.depolarizing = 0.1 })
        expectBinomial(d.siftedErrors, of: d.sifted, p: 0.05, "depolarizing")
    }

    @Test("Detection rate matches fiber and detector transmittance")
    func detectionRate() throws {
        // 50 km at 0.2 dB/km is 10 dB: η = 0.1, times a 50% detector.
        let r = try BB84.run(config(400_000, seed: 21) { $0.distanceKm = 50; $0.detectorEfficiency = 0.5 })
        expectBinomial(r.detected, of: r.photons, p: 0.05, "single-photon detection")
        // Weak coherent pulses: 1 − e^(−μη) (each photon independently detected).
        let w = try BB84.run(config(400_000, seed: 22) { $0.source = .wcp; $0.mu = 0.5; $0.distanceKm = 25; $0.detectorEfficiency = 0.2 })
        let eta = pow(10, -0.5) * 0.2
        expectBinomial(w.detected, of: w.photons, p: 1 - exp(-0.5 * eta), "WCP detection")
    }

    @Test("Dark counts: P(click) = 1 − (1−η)(1−d)², and a dark count gives a random bit")
    func darkCounts() throws {
        let d = 0.01
        let r = try BB84.run(config(400_000, seed: 31) { $0.distanceKm = 100; $0.darkCount = d })
        let eta = 0.01
        expectBinomial(r.detected, of: r.photons, p: 1 - (1 - eta) * (1 - d) * (1 - d), "clicks with dark counts")
        // Sifted errors come from dark counts alone: a click that is dark-only
        // is wrong with probability 1/2, a double click with probability 1/2.
        let pSignal = eta * (1 - d)              // signal, and no dark count on the other detector
        let pDarkOnly = (1 - eta) * (1 - (1 - d) * (1 - d))
        let pBothWithSignal = eta * d
        let pError = (0.5 * pDarkOnly + 0.5 * pBothWithSignal) / (pSignal + pDarkOnly + pBothWithSignal)
        expectBinomial(r.siftedErrors, of: r.sifted, p: pError, "dark-count QBER")
    }

    @Test("PNS leaves no errors, keeps Bob's detection rate, and reads multi-photon bits")
    func pns() throws {
        let mu = 0.5
        let eta = pow(10, -0.2 * 40 / 10) * 0.5
        let r = try BB84.run(config(400_000, seed: 41) { $0.source = .wcp; $0.mu = mu; $0.distanceKm = 40; $0.detectorEfficiency = 0.5; $0.eve = .pns })
        #expect(r.siftedErrors == 0)
        expectBinomial(r.detected, of: r.photons, p: 1 - exp(-mu * eta), "detection under PNS")
        #expect(r.eveKnownBits > r.sifted / 2, "at 40 km most detections come from split multi-photon pulses")
        #expect(r.eveKnownBits == r.eveCorrectGuesses)
    }

    @Test("Switching Eve on leaves Alice's photons and Bob's bases unchanged")
    func streamsIndependent() throws {
        let a = try BB84.run(config(5_000, seed: 77) { $0.showRows = 1000 })
        let b = try BB84.run(config(5_000, seed: 77) { $0.showRows = 1000; $0.eve = .interceptResend })
        #expect(a.rows.map(\.aliceBit) == b.rows.map(\.aliceBit))
        #expect(a.rows.map(\.aliceBasis) == b.rows.map(\.aliceBasis))
        #expect(a.rows.map(\.bobBasis) == b.rows.map(\.bobBasis))
        #expect(a.rows.map(\.bobResult) != b.rows.map(\.bobResult))
    }

    @Test("Same seed, same JSON byte for byte; another seed differs")
    func reproducible() throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let c = config(50_000, seed: 99) { $0.eve = .interceptResend; $0.eveFraction = 0.3; $0.showRows = 20 }
        let x = try enc.encode(BB84.run(c))
        let y = try enc.encode(BB84.run(c))
        #expect(x == y)
        var other = c; other.seed = 100
        #expect(try enc.encode(BB84.run(other)) != x)
    }

    @Test("Rows come from the first photons of the same run")
    func rowsMatchRun() throws {
        let r = try BB84.run(config(64 * 3 + 5, seed: 4) { $0.showRows = 64 * 3 + 5; $0.eve = .interceptResend; $0.eveFraction = 0.5 })
        #expect(r.rows.count == r.photons)
        #expect(r.rows.filter(\.kept).count == r.sifted)
        #expect(r.rows.filter(\.error).count == r.siftedErrors)
        #expect(r.rows.filter(\.detected).count == r.detected)
        for row in r.rows where row.kept { #expect(row.aliceBasis == row.bobBasis) }
    }

    @Test("The sample estimate, the abort and the miss probability (3/4)^k")
    func estimateAndAbort() throws {
        let r = try BB84.run(config(100_000, seed: 12) { $0.eve = .interceptResend; $0.sampleFraction = 0.2 })
        expectBinomial(r.sampleBits, of: r.sifted, p: 0.2, "sample size")
        expectBinomial(r.sampleErrors, of: r.sampleBits, p: 0.25, "errors in the sample")
        #expect(r.aborted)
        #expect(r.keyBits == r.sifted - r.sampleBits)
        #expect(r.aliceKey.count == r.keyBits && r.bobKey.count == r.keyBits)
        #expect(abs(r.missProbabilityLog10! - Double(r.sampleBits) * log10(0.75)) < 1e-9)
        let clean = try BB84.run(config(100_000, seed: 12))
        #expect(!clean.aborted && clean.qber == 0 && clean.aliceKey == clean.bobKey)
    }

    @Test("Requests beyond the limits are refused with the limit named")
    func limits() {
        #expect(throws: SimulationError.self) { try BB84.run(config(BB84Configuration.maxPhotons + 1)) }
        do {
            _ = try BB84.run(config(1_000_000_000_000))
            Issue.record("should refuse")
        } catch let e as SimulationError {
            #expect(e.message.contains("100,000,000"))
        } catch { Issue.record("wrong error \(error)") }
        #expect(throws: SimulationError.self) { try BB84.run(config { $0.eveFraction = 1.5 }) }
        #expect(throws: SimulationError.self) { try BB84.run(config { $0.mu = .nan; $0.source = .wcp }) }
    }
}
