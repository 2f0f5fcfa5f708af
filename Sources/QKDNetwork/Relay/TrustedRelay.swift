// SPDX-License-Identifier: GPL-3.0-or-later
import QuantumSim

/// What happened on one hop of a relayed key.
public struct RelayHop: Sendable, Equatable {
    public var from: String
    public var to: String
    public var linkID: String
    /// Where in the link's key stream the pad came from.
    public var padOffset: Int
    /// K ⊕ pad, sent over the public classical channel.
    public var ciphertext: BitVector
}

/// A key carried from one end of a route to the other.
public struct RelayedKey: Sendable, Equatable {
    public var sent: BitVector
    public var received: BitVector
    public var hops: [RelayHop]
    /// Intermediate nodes, each of which held the key in the clear.
    public var sawKey: [String]
    public var delivered: Bool { sent == received }
}

/// Hop-by-hop one-time-pad relaying through trusted nodes (the trusted-repeater
/// scheme of Peev et al., New J. Phys. 11, 075001 (2009), Sec. 2; also the
/// Beijing–Shanghai backbone). Each node decrypts with the incoming link's key and
/// re-encrypts with the outgoing one, so it sees the key in between.
public enum TrustedRelay {
    /// Relays `key` along `route` (nodes) over `linkIndices` (one per hop), drawing one
    /// pad per hop from `pools`. All pads are checked before any is drawn, so a
    /// failed relay consumes nothing.
    public static func relay(key: BitVector, route: [String], linkIndices: [Int], links: [Link],
                             pools: inout [KeyPool]) -> RelayedKey? {
        precondition(route.count == linkIndices.count + 1 && !linkIndices.isEmpty)
        for i in linkIndices where pools[i].availableBits < key.count { return nil }
        var hops: [RelayHop] = []
        var inHand = key
        for (h, li) in linkIndices.enumerated() {
            guard let pad = pools[li].draw(key.count) else { return nil }
            let c = inHand ^ pad.bits
            hops.append(RelayHop(from: route[h], to: route[h + 1], linkID: links[li].id, padOffset: pad.offset, ciphertext: c))
            // The next node holds the same pad (both ends of a link share its key).
            inHand = c ^ pad.bits
        }
        return RelayedKey(sent: key, received: inHand, hops: hops, sawKey: Array(route.dropFirst().dropLast()))
    }
}
