import Foundation
import Synchronization

/// How far a long run is, for a progress line: the stage it is in (named for
/// the physics: "sifting", "Cascade pass 3", "privacy amplification") and the
/// fraction of that stage done, 0...1 (nil: not known, only the stage is shown).
public struct ProgressUpdate: Sendable, Equatable {
    public var stage: String
    public var fraction: Double?
    public init(stage: String, fraction: Double?) {
        self.stage = stage
        self.fraction = fraction.map { min(1, max(0, $0.isFinite ? $0 : 0)) }
    }
}

/// Where an engine reports progress, next to the `CancellationToken` it polls.
/// Engines call `report` as often as they like (e.g. at every cancellation
/// check); calls closer than `interval` apart are dropped here, so it stays
/// cheap. The engine knows nothing of terminals: the UI's callback decides
/// what to draw (nothing on a pipe or with --json; only after about 1 s).
public final class ProgressReporter: Sendable {
    private let callback: @Sendable (ProgressUpdate) -> Void
    private let interval: UInt64
    fileprivate let last = Atomic<UInt64>(0)

    /// `interval`: the shortest time between two callbacks, in seconds.
    public init(interval: Double = 0.1, _ callback: @escaping @Sendable (ProgressUpdate) -> Void) {
        self.callback = callback
        self.interval = UInt64(max(0, interval) * 1e9)
    }

    /// Reports `fraction` (0...1, nil when unknown) of `stage` done. The first call and then
    /// at most one per interval get through.
    public func report(stage: @autoclosure () -> String, fraction: Double?) {
        let now = DispatchTime.now().uptimeNanoseconds
        let previous = last.load(ordering: .relaxed)
        guard previous == 0 || now &- previous >= interval else { return }
        guard last.compareExchange(expected: previous, desired: now, ordering: .relaxed).exchanged else { return }
        callback(ProgressUpdate(stage: stage(), fraction: fraction))
    }

    /// Reports `done` of `total` items of `stage`.
    public func report(stage: @autoclosure () -> String, done: Int, of total: Int) {
        report(stage: stage(), fraction: total > 0 ? Double(done) / Double(total) : 0)
    }
}

extension ProgressReporter {
    /// A new stage begins: always reported (not throttled), with no fraction yet.
    public func begin(_ stage: String) {
        last.store(0, ordering: .relaxed)
        report(stage: stage, fraction: nil)
    }
}
