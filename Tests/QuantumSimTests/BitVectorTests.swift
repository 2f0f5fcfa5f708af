// BitVector against a plain [Bool] reference.

import Testing
@testable import QuantumSim

@Suite struct BitVectorTests {
    func randomBools(_ n: Int, seed: UInt64, p: Double = 0.5) -> [Bool] {
        var s = RandomStream(seed: seed, name: "bitvector")
        return (0..<n).map { _ in s.bernoulli(p) }
    }

    @Test(arguments: [0, 1, 63, 64, 65, 127, 128, 200, 1000])
    func appendMatchesReference(n: Int) {
        let bits = randomBools(n, seed: UInt64(n))
        let v = BitVector(bits: bits)
        #expect(v.count == n)
        #expect((0..<n).map { v[$0] } == bits)
        #expect(v.popcount == bits.filter { $0 }.count)
        #expect(v.bitString() == String(bits.map { $0 ? "1" : "0" }))
    }

    @Test func appendWordsMatchesBitwiseAppend() {
        var s = RandomStream(seed: 1, name: "words")
        var packed = BitVector(), reference: [Bool] = []
        for _ in 0..<50 {
            let w = s.nextWord(), n = s.nextInt(below: 65)
            packed.append(word: w, bits: n)
            for i in 0..<n { reference.append((w >> UInt64(i)) & 1 == 1) }
        }
        #expect(packed == BitVector(bits: reference))
    }

    @Test(arguments: [1, 64, 100, 777])
    func selectingMatchesFilter(n: Int) {
        let bits = randomBools(n, seed: 2)
        let mask = randomBools(n, seed: 3, p: 0.3)
        let selected = BitVector(bits: bits).selecting(BitVector(bits: mask))
        let reference = zip(bits, mask).filter { $0.1 }.map { $0.0 }
        #expect(selected == BitVector(bits: reference))
    }

    @Test func parityAndSliceMatchReference() {
        let n = 300
        let bits = randomBools(n, seed: 4)
        let v = BitVector(bits: bits)
        var s = RandomStream(seed: 5, name: "ranges")
        for _ in 0..<500 {
            let a = s.nextInt(below: n + 1), b = s.nextInt(below: n + 1)
            let r = min(a, b)..<max(a, b)
            let refParity = bits[r].reduce(false) { $0 != $1 }
            #expect(v.parity(r) == refParity)
            #expect(v.slice(r) == BitVector(bits: bits[r]))
        }
    }

    @Test func xorAndHammingDistance() {
        let a = randomBools(150, seed: 6), b = randomBools(150, seed: 7)
        let va = BitVector(bits: a), vb = BitVector(bits: b)
        #expect(va ^ vb == BitVector(bits: zip(a, b).map { $0 != $1 }))
        #expect(va.hammingDistance(to: vb) == zip(a, b).filter { $0 != $1 }.count)
        #expect((~va).popcount == 150 - va.popcount)
    }
}
