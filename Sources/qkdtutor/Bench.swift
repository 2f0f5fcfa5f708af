import ArgumentParser
import Commands
import Foundation
import QKD

/// Throughput figures, measured rather than asserted: tests never time
/// anything. Build with -c release (`make bench`) for meaningful numbers.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure simulation throughput (photons per second) and peak memory.")

    @Option(help: "Repetitions per case; the best time is reported.") var repeats = 3
    @Flag(help: "Print one JSON object instead of text.") var json = false
    @Flag(help: "Only the small cases (for a quick check).") var quick = false

    struct Case: Encodable {
        var name: String
        var items: Int
        var unit: String
        var bestSeconds: Double
        var perSecond: Double
    }

    struct Output: Encodable {
        var build: String
        var cases: [Case]
        var peakMemoryMB: Double
    }

    func run() throws {
        guard (1...20).contains(repeats) else { throw RequestError("--repeats must be between 1 and 20") }
        var cases: [Case] = []
        func measure(_ name: String, _ items: Int, _ unit: String, _ body: () throws -> Void) rethrows {
            var best = Double.infinity
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            cases.append(Case(name: name, items: items, unit: unit, bestSeconds: best, perSecond: Double(items) / best))
            if !json {
                print(Format.pad(name, 44) + Format.padLeft(String(format: "%.3f s", best), 10)
                      + Format.padLeft(Format.count(Int(Double(items) / best)), 16) + " \(unit)/s")
            }
        }
        let sizes = quick ? [1_000_000] : [1_000_000, 10_000_000]
        for n in sizes {
            var c = BB84Configuration(); c.photons = n; c.seed = 1; c.misalignment = 0.02
            try measure("bb84 prepare→measure→sift→estimate \(n.formattedCount)", n, "photons") { _ = try BB84.run(c) }
            c.eve = .interceptResend; c.eveFraction = 0.5
            try measure("bb84 with intercept-resend \(n.formattedCount)", n, "photons") { _ = try BB84.run(c) }
        }
        var w = BB84Configuration(); w.photons = 1_000_000; w.source = .wcp; w.mu = 0.5; w.distanceKm = 25
        try measure("bb84 weak coherent pulses 25 km 1,000,000", w.photons, "pulses") { _ = try BB84.run(w) }
        var e = E91Configuration(); e.pairs = 1_000_000; e.visibility = 0.95
        try measure("e91 ekert 1,000,000", e.pairs, "pairs") { _ = try E91.run(e) }

        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let peak = Double(usage.ru_maxrss) / 1024   // Linux reports KiB
        #if DEBUG
        let build = "debug (use `make bench` for release figures)"
        #else
        let build = "release"
        #endif
        if json {
            let enc = JSONEncoder(); enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(Output(build: build, cases: cases, peakMemoryMB: peak)), as: UTF8.self))
        } else {
            print("peak memory \(String(format: "%.1f", peak)) MB, \(build) build, best of \(repeats)")
        }
    }
}

extension Int {
    var formattedCount: String { Format.count(self) }
}
