// Packed bit arrays: 64 photons, key bits or parities per machine word.

/// A fixed-length array of bits packed into `UInt64` words, least
/// significant bit first. Bits past `count` in the last word are always zero.
public struct BitVector: Equatable, Hashable, Sendable, Codable {
    public private(set) var words: [UInt64]
    public private(set) var count: Int

    public init() { words = []; count = 0 }

    public init(count: Int) {
        precondition(count >= 0)
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) >> 6)
    }

    /// Wraps existing words; bits beyond `count` are cleared.
    public init(words: [UInt64], count: Int) {
        precondition(words.count == (count + 63) >> 6)
        self.words = words
        self.count = count
        clearTail()
    }

    public init<S: Sequence>(bits: S) where S.Element == Bool {
        self.init()
        for b in bits { append(b) }
    }

    /// `count` uniformly random bits from `stream`.
    public init(random count: Int, from stream: inout RandomStream) {
        self.init(count: count)
        for i in words.indices { words[i] = stream.nextWord() }
        clearTail()
    }

    @inlinable
    public var isEmpty: Bool { count == 0 }

    public subscript(index: Int) -> Bool {
        get {
            precondition(index >= 0 && index < count, "bit index out of range")
            return (words[index >> 6] >> UInt64(index & 63)) & 1 == 1
        }
        set {
            precondition(index >= 0 && index < count, "bit index out of range")
            let mask: UInt64 = 1 << UInt64(index & 63)
            if newValue { words[index >> 6] |= mask } else { words[index >> 6] &= ~mask }
        }
    }

    public mutating func flip(_ index: Int) {
        precondition(index >= 0 && index < count, "bit index out of range")
        words[index >> 6] ^= 1 << UInt64(index & 63)
    }

    public mutating func append(_ bit: Bool) {
        if count & 63 == 0 { words.append(0) }
        if bit { words[count >> 6] |= 1 << UInt64(count & 63) }
        count += 1
    }

    /// Appends the low `n` bits of `word` (n ≤ 64).
    public mutating func append(word: UInt64, bits n: Int) {
        precondition(n >= 0 && n <= 64)
        if n == 0 { return }
        let value = n == 64 ? word : word & ((1 << UInt64(n)) - 1)
        let offset = count & 63
        if offset == 0 {
            words.append(value)
        } else {
            words[words.count - 1] |= value << UInt64(offset)
            if offset + n > 64 { words.append(value >> UInt64(64 - offset)) }
        }
        count += n
    }

    /// Appends the bits of `word` selected by `mask`, in order (a software
    /// parallel-extract), and returns how many were appended.
    @discardableResult
    public mutating func append(word: UInt64, selectedBy mask: UInt64) -> Int {
        if mask == ~0 { append(word: word, bits: 64); return 64 }
        var m = mask
        var packed: UInt64 = 0
        var n = 0
        while m != 0 {
            let tz = UInt64(m.trailingZeroBitCount)
            packed |= ((word >> tz) & 1) << UInt64(n)
            n += 1
            m &= m &- 1
        }
        append(word: packed, bits: n)
        return n
    }

    /// The number of set bits.
    public var popcount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The parity (XOR) of bits in `range`.
    public func parity(_ range: Range<Int>) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        if range.isEmpty { return false }
        let first = range.lowerBound >> 6
        let last = (range.upperBound - 1) >> 6
        var acc: UInt64 = 0
        for w in first...last {
            var word = words[w]
            if w == first { word &= ~0 << UInt64(range.lowerBound & 63) }
            if w == last {
                let end = range.upperBound & 63
                if end != 0 { word &= (1 << UInt64(end)) - 1 }
            }
            acc ^= word
        }
        return acc.nonzeroBitCount & 1 == 1
    }

    /// Bits `range` as a new vector.
    public func slice(_ range: Range<Int>) -> BitVector {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        var out = BitVector()
        var i = range.lowerBound
        while i < range.upperBound {
            let n = min(64, range.upperBound - i, 64 - (i & 63))
            let word = words[i >> 6] >> UInt64(i & 63)
            out.append(word: word, bits: n)
            i += n
        }
        return out
    }

    /// The bits at positions where `mask` is set, in order.
    public func selecting(_ mask: BitVector) -> BitVector {
        precondition(mask.count == count)
        var out = BitVector()
        for i in words.indices { out.append(word: words[i], selectedBy: mask.words[i]) }
        return out
    }

    public static func ^ (a: BitVector, b: BitVector) -> BitVector {
        precondition(a.count == b.count)
        var out = a
        for i in out.words.indices { out.words[i] ^= b.words[i] }
        return out
    }

    public static func & (a: BitVector, b: BitVector) -> BitVector {
        precondition(a.count == b.count)
        var out = a
        for i in out.words.indices { out.words[i] &= b.words[i] }
        return out
    }

    public static prefix func ~ (a: BitVector) -> BitVector {
        var out = a
        for i in out.words.indices { out.words[i] = ~out.words[i] }
        out.clearTail()
        return out
    }

    /// The number of positions where the two vectors differ.
    public func hammingDistance(to other: BitVector) -> Int {
        precondition(count == other.count)
        var d = 0
        for i in words.indices { d += (words[i] ^ other.words[i]).nonzeroBitCount }
        return d
    }

    /// Mutable access to the words; the tail is cleared afterwards.
    public mutating func withWords<R>(_ body: (inout [UInt64]) throws -> R) rethrows -> R {
        let r = try body(&words)
        precondition(words.count == (count + 63) >> 6)
        clearTail()
        return r
    }

    /// The bits as a string of 0 and 1, first bit first.
    public func bitString(limit: Int = .max) -> String {
        var s = ""
        for i in 0..<min(count, limit) { s.append(self[i] ? "1" : "0") }
        return s
    }

    private mutating func clearTail() {
        let r = count & 63
        if r != 0 { words[words.count - 1] &= (1 << UInt64(r)) - 1 }
    }
}
