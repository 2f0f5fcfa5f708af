import ArgumentParser
import QKD
import QuantumSim

public struct RunCascade: SimulationCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cascade",
        abstract: "Cascade reconciliation alone, on two random strings with a given error rate.",
        discussion: """
        Brassard & Salvail, EUROCRYPT 1993, and improved variants (Martinez-Mateo et al., \
        arXiv:1407.3257). Efficiency f = leaked bits / (n·h(QBER)); 1 is the Shannon limit.

        Example: qkdtutor run cascade --bits 10000 --qber 0.02 --variant original --seed 3
        """)

    @Option(help: "Key length in bits (1 to 10^8).") var bits = 10_000
    @Option(help: "Error rate between Alice's and Bob's strings, above 0 and below 0.5.") var qber = 0.02
    @Option(help: "Cascade variant (see --list-variants).") var variant: CascadeVariant = .original
    @Option(help: "Random seed: the same seed replays the same run.") var seed: UInt64 = 1
    @Flag(name: .customLong("list-variants"), help: "List the variants, one name a line.") var listVariants = false
    @OptionGroup public var output: OutputOptions

    public init() {}

    public struct CascadeRun: Encodable, Sendable {
        public var bits: Int
        public var qber: Double
        public var actualErrors: Int
        public var variant: CascadeVariant
        public var leakedBits: Int
        public var efficiency: Double
        public var messages: Int
        public var residualErrors: Int
        public var verified: Bool
        public var passes: Int
        public var seed: UInt64
        public let trace: CascadeTrace
        enum CodingKeys: String, CodingKey {
            case bits, qber, actualErrors, variant, leakedBits, efficiency, messages, residualErrors, verified, passes, seed
        }
    }

    struct VariantList: Encodable, Sendable { var variants: [String] }

    public func execute(_ context: ExecutionContext) throws -> Report {
        if listVariants {
            return Report(kind: "cascade-variants", VariantList(variants: CascadeVariant.allCases.map(\.rawValue))) { v, _ in
                v.variants.joined(separator: "\n")
            }
        }
        guard (1...Cascade.maxKeyBits).contains(bits) else {
            throw RequestError("--bits must be between 1 and \(Format.count(Cascade.maxKeyBits)) (got \(bits))")
        }
        guard qber > 0, qber < 0.5 else { throw RequestError("--qber must be above 0 and below 0.5 (got \(qber))") }
        let rs = RandomSource(seed: seed)
        var keyStream = rs.stream("alice.key"), channel = rs.stream("channel")
        let alice = BitVector(random: bits, from: &keyStream)
        var noise = BitVector(count: bits)
        noise.withWords { w in for i in w.indices { w[i] = channel.bernoulliWord(qber) } }
        let bob = alice ^ noise
        var cascadeStream = rs.stream("cascade"), verifyStream = rs.stream("verify")
        let c = try CommandError.wrapAny { try Cascade.reconcile(alice: alice, bob: bob, estimatedQber: qber, variant: variant, random: &cascadeStream) }
        let v = Verification.verify(alice: alice, bob: c.correctedKey, random: &verifyStream)
        let run = CascadeRun(bits: bits, qber: qber, actualErrors: noise.popcount, variant: variant, leakedBits: c.leakedBits,
                             efficiency: c.efficiency, messages: c.messages, residualErrors: c.residualErrors,
                             verified: v.matched, passes: c.passes, seed: seed, trace: c.trace)
        return Report(kind: "cascade", run) { r, s in
            [s.bold("Cascade \(r.variant.rawValue) \(s.dash) \(Format.count(r.bits)) bits, QBER \(Format.percent(r.qber)), seed \(r.seed)"),
             "  errors          \(Format.count(r.actualErrors)) between the two strings",
             "  leaked          \(Format.count(r.leakedBits)) parity bits in \(Format.count(r.messages)) messages over \(r.passes) passes",
             "  efficiency      f = \(Format.fixed(r.efficiency, 3))  (1 = Shannon limit n·h(QBER))",
             "  residual        \(Format.count(r.residualErrors)) errors left",
             "  verified        " + (r.verified ? s.green("yes") : s.red("NO") + ": keys differ, the run must abort")].joined(separator: "\n")
        }
    }
}
