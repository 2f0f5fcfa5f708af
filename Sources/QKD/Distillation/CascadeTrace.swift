// A replayable record of one Cascade run, for the visualizer.
// SPDX-License-Identifier: GPL-3.0-or-later

/// What happened in each pass and in each binary search. Positions are in the
/// shuffled order of their pass (pass 0 is unshuffled). Once `limit` events
/// (disagreeing blocks, searches and steps) are recorded, details stop and only
/// the counters keep running, so large keys stay cheap.
public struct CascadeTrace: Codable, Sendable, Equatable {
    /// One parity comparison inside a binary search.
    public struct Step: Codable, Sendable, Equatable {
        /// The sub-block whose parity was compared (shuffled positions).
        public var range: Range<Int>
        public var aliceParity: Bool
        public var bobParity: Bool
        /// True when Alice sent this parity (one leaked bit); false when it was
        /// already known from an earlier search or inferred from its sibling.
        public var disclosed: Bool
    }

    /// One BINARY search, from a block with odd error parity down to one bit.
    public struct Search: Codable, Sendable, Equatable {
        public var pass: Int
        public var block: Int
        /// False when found by the pass's own parity check, true when the
        /// correction of another bit re-opened this block (the cascade effect).
        public var cascade: Bool
        public var steps: [Step]
        /// The corrected bit, in the pass's shuffled order and in the key.
        public var correctedPosition: Int
        public var correctedIndex: Int
    }

    public struct Pass: Codable, Sendable, Equatable {
        public var index: Int
        public var blockSize: Int
        public var blockCount: Int
        /// Block parities Alice sent (leaked bits) and parities Bob inferred.
        public var disclosedParities: Int
        public var inferredParities: Int
        /// Blocks whose parity disagreed when the pass began.
        public var disagreeingBlockCount: Int
        public var disagreeingBlocks: [Int]
    }

    public var limit: Int
    public var passes: [Pass] = []
    public var searches: [Search] = []
    /// True when details were dropped because `limit` was reached.
    public var truncated = false
    public var recordedEvents = 0

    // Counters, always complete.
    public var searchCount = 0
    public var disclosedSteps = 0
    public var reusedSteps = 0
    /// Groups of binary searches run in parallel (one pass's blocks at a time).
    public var waves = 0

    public init(limit: Int) { self.limit = limit }

    /// Reserves room for `events` detail events; false once the limit is hit.
    mutating func reserve(_ events: Int) -> Bool {
        if truncated { return false }
        if recordedEvents + events > limit { truncated = true; return false }
        recordedEvents += events
        return true
    }

    /// Leaked bits according to the recorded details (complete only when not
    /// truncated): block parities sent plus disclosed binary-search steps.
    public var recordedDisclosures: Int {
        passes.reduce(0) { $0 + $1.disclosedParities }
            + searches.reduce(0) { $0 + $1.steps.filter(\.disclosed).count }
    }
}
