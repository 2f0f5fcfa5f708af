import QuantumSim

/// A man in the middle cuts the fiber halfway and runs BB84 twice: with Alice
/// (Eve plays Bob) and with Bob (Eve plays Alice). Each half is an honest
/// run, so each shows only its own channel's QBER, and Eve ends with both keys.
///
/// QKD stops this only through authentication of the classical channel
/// (Wegman & Carter, J. Comput. Syst. Sci. 22, 265 (1981)): Eve cannot forge
/// the tags on the sifting and estimation messages without the pre-shared key,
/// so with authentication on, the run aborts at the first tagged message.
enum ManInTheMiddle {
    static func run(_ config: BB84Configuration, cancellation: CancellationToken?) throws -> BB84Result {
        var half = config
        half.eve = .none
        half.distanceKm = config.distanceKm / 2
        var aliceEve = half
        aliceEve.showRows = 0
        var eveBob = half
        eveBob.showRows = 0
        // Eve's own choices as "Alice" come from a different seed than Alice's.
        eveBob.seed = config.seed ^ 0x9E37_79B9_7F4A_7C15
        let a = try BB84.run(aliceEve, cancellation: cancellation)
        var r = a
        r.configuration = config
        r.rows = []
        if config.authenticated {
            r.aborted = true
            r.abortReason = "authentication failed: the sifting messages carry Wegman–Carter tags keyed by the secret Alice and Bob "
                + "already share, and Eve cannot forge them, so Alice and Bob see the man in the middle and abort"
            r.aliceKey = BitVector(); r.bobKey = BitVector(); r.eveKnows = BitVector(); r.keyBasisDiagonal = BitVector()
            r.keyBits = 0
            return r
        }
        let b = try BB84.run(eveBob, cancellation: cancellation)
        // Alice keeps her key with Eve; Bob keeps his key with Eve. Eve holds both.
        // Both keep as many bits as the shorter half has, so the lengths agree.
        let n = min(a.aliceKey.count, b.bobKey.count)
        r.aliceKey = a.aliceKey.slice(0..<n)
        r.bobKey = b.bobKey.slice(0..<n)
        r.keyBasisDiagonal = a.keyBasisDiagonal.slice(0..<n)
        r.keyBits = n
        r.eveKnows = ~BitVector(count: n)
        r.eveKnownBits = a.sifted
        r.eveTouchedBits = a.sifted
        r.eveCorrectGuesses = a.sifted - a.siftedErrors
        r.detected = b.detected
        r.mitm = BB84ManInTheMiddle(
            aliceEveQber: a.qber, eveBobQber: b.qber, aliceEveKeyBits: a.keyBits, eveBobKeyBits: b.keyBits,
            eveKnowsAliceKeyBits: a.keyBits, eveKnowsBobKeyBits: b.keyBits)
        r.aborted = a.aborted || b.aborted
        r.abortReason = a.abortReason ?? b.abortReason
        return r
    }
}
