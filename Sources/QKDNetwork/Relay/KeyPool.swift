// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// Key bits handed out from a pool: which bits of the link's key stream they were.
public struct KeyChunk: Sendable, Equatable {
    public var linkID: String
    /// Position of the first bit in the link's key stream; chunks never overlap.
    public var offset: Int
    public var bits: BitVector
}

/// The key shared by the two ends of one link, filled by QKD over time up to a capacity.
///
/// The bits are drawn lazily from the link's seeded stream when handed out, so a
/// pool of a billion bits costs nothing until used. A bit is handed out at most
/// once: the cursor only moves forward, and `available` never goes below zero.
public struct KeyPool: Sendable {
    public let linkID: String
    public let capacityBits: Int
    public private(set) var availableBits = 0
    /// Bits made by QKD but thrown away because the pool was full.
    public private(set) var discardedBits = 0
    /// Bits handed out so far (also the next offset in the stream).
    public private(set) var consumedBits = 0
    private var fraction = 0.0
    private var stream: RandomStream
    /// Stream bits generated but not yet handed out (fewer than 64).
    private var spare = BitVector()

    public init(linkID: String, capacityBits: Int, seed: UInt64) {
        precondition(capacityBits >= 0)
        self.linkID = linkID
        self.capacityBits = capacityBits
        stream = RandomStream(seed: seed, name: "link.\(linkID)")
    }

    /// Adds `bits` (fractions carry over); anything above capacity is discarded.
    public mutating func fill(_ bits: Double) {
        guard bits > 0, bits.isFinite else { return }
        fraction += bits
        let whole = fraction.rounded(.down)
        fraction -= whole
        let n = whole >= Double(Int.max / 2) ? Int.max / 2 : Int(whole)
        let room = capacityBits - availableBits
        let added = min(n, room)
        availableBits += added
        discardedBits += n - added
    }

    /// Hands out `n` fresh bits, or nil (and changes nothing) if fewer are available.
    public mutating func draw(_ n: Int) -> KeyChunk? {
        guard n > 0, n <= availableBits else { return nil }
        var out = spare
        while out.count < n { out.append(word: stream.nextWord(), bits: 64) }
        spare = out.slice(n..<out.count)
        let bits = out.count == n ? out : out.slice(0..<n)
        let chunk = KeyChunk(linkID: linkID, offset: consumedBits, bits: bits)
        consumedBits += n
        availableBits -= n
        return chunk
    }
}
