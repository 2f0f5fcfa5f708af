// SPDX-License-Identifier: GPL-3.0-or-later
/// The wire protocol's version; see docs/class-protocol.md.
public enum ClassProtocolVersion {
    public static let current = 1
}
