import Console
import Foundation
import QKD
import Synchronization
import Testing

/// The progress reporter engines call next to the cancellation token.
@Suite struct ProgressReporterTests {
    final class Seen: Sendable { let updates = Mutex<[ProgressUpdate]>([]) }
    final class Flag: Sendable { let value = Atomic<Bool>(false) }

    @Test func throttlesToItsIntervalButNeverDropsANewStage() {
        let seen = Seen()
        let reporter = ProgressReporter(interval: 60) { u in seen.updates.withLock { $0.append(u) } }
        for i in 0..<10_000 { reporter.report(stage: "Cascade pass 1", done: i, of: 10_000) }
        reporter.begin("privacy amplification")
        reporter.report(stage: "privacy amplification", fraction: 0.5)
        let got = seen.updates.withLock { $0 }
        #expect(got == [ProgressUpdate(stage: "Cascade pass 1", fraction: 0), ProgressUpdate(stage: "privacy amplification", fraction: nil)])
    }

    @Test func bb84ReportsTheFractionOfPhotonsSent() throws {
        let seen = Seen()
        let reporter = ProgressReporter(interval: 0) { u in seen.updates.withLock { $0.append(u) } }
        var c = BB84Configuration()
        c.photons = 2_000_000
        _ = try BB84.run(c, progress: reporter)
        let fractions = seen.updates.withLock { $0 }.filter { $0.stage == "sending photons" }.compactMap(\.fraction)
        // 31,250 words, a report every 4,096: 7 reports, rising, all inside (0, 1).
        #expect(fractions.count == 7)
        #expect(fractions == fractions.sorted() && fractions.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func fractionsAreClampedAndTheLineNamesStagePercentAndStop() {
        #expect(ProgressUpdate(stage: "s", fraction: 1.7).fraction == 1)
        #expect(ProgressUpdate(stage: "s", fraction: .nan).fraction == 0)
        #expect(RunProgress.line(title: "bb84", update: ProgressUpdate(stage: "Cascade pass 3", fraction: 0.425), elapsed: 12.4)
                == "bb84: Cascade pass 3  42%  12 s  Ctrl-C to stop")
        #expect(RunProgress.line(title: "e91", update: nil, elapsed: 1) == "e91  1 s  Ctrl-C to stop")
    }

    @Test func watcherDrawsNothingForShortRunsAndErasesAfterLongOnes() {
        let drawn = Seen()
        let quick = RunProgress(title: "t", draw: { _ in drawn.updates.withLock { $0.append(ProgressUpdate(stage: "x", fraction: nil)) } }, erase: {})
        quick.stop()
        #expect(drawn.updates.withLock { $0.isEmpty })
        let erased = Flag()
        let slow = RunProgress(title: "t", draw: { _ in drawn.updates.withLock { $0.append(ProgressUpdate(stage: "x", fraction: nil)) } },
                               erase: { erased.value.store(true, ordering: .relaxed) })
        Thread.sleep(forTimeInterval: RunProgress.delay + 0.4)
        slow.stop()
        #expect(!drawn.updates.withLock { $0.isEmpty })
        let wasErased = erased.value.load(ordering: .relaxed)
        #expect(wasErased)
    }
}
