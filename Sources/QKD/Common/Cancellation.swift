import Synchronization

/// Lets a long simulation stop early when the learner presses Ctrl-C.
/// The engine polls it between batches; it never blocks.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// Thrown when a run was cancelled part way.
public struct CancelledError: Error, CustomStringConvertible, Sendable {
    public init() {}
    public var description: String { "cancelled" }
}
