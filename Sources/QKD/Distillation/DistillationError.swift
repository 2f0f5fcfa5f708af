// Errors for bad input to the distillation stages.
// SPDX-License-Identifier: GPL-3.0-or-later

public enum DistillationError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyKey
    /// The quantum stage aborted (e.g. QBER above the threshold, or decoy
    /// yields that expose Eve): there is nothing to distil.
    case protocolAborted(String)
    case lengthMismatch(alice: Int, bob: Int)
    /// The QBER estimate must lie strictly between 0 and 0.5.
    case qberOutOfRange(Double)
    case keyTooLong(bits: Int, maximum: Int)
    /// More key bits than distillation accepts within its time and memory limits.
    case distillationTooLong(bits: Int, maximum: Int)
    /// ε_PA must lie strictly between 0 and 1.
    case epsilonOutOfRange(Double)

    public var description: String {
        switch self {
        case .emptyKey:
            "The key is empty: there is nothing to reconcile."
        case let .protocolAborted(reason):
            "the run aborted before distillation (\(reason)), so no key"
        case let .lengthMismatch(a, b):
            "Alice's key has \(a) bits but Bob's has \(b); both must have the same length."
        case let .qberOutOfRange(q):
            "The QBER estimate \(q) must lie strictly between 0 and 0.5 (at 0.5 the keys are uncorrelated)."
        case let .distillationTooLong(bits, maximum):
            "the key has \(bits.groupedDigits) bits; distillation is limited to \(maximum.groupedDigits) bits (60 s, 2 GB); send fewer photons"
        case let .keyTooLong(bits, maximum):
            "The key has \(bits) bits; at most \(maximum) are supported."
        case let .epsilonOutOfRange(e):
            "ε_PA = \(e) must lie strictly between 0 and 1."
        }
    }
}
