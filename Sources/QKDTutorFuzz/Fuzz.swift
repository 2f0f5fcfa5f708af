// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer driver: built only by `make fuzz` (QKDTUTOR_FUZZ=1, -sanitize=fuzzer).
// QKDTUTOR_FUZZ_TARGET names the FuzzTarget; libFuzzer's own flags pass through.
import FuzzEntryPoints
import Glibc

nonisolated(unsafe) private var target: FuzzTarget = .commandLine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

// SwiftPM renames an executable's `main` to `<module>_main`; libFuzzer's own
// main is then not linked, and we start it through LLVMFuzzerRunDriver.
@_cdecl("QKDTutorFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let name = getenv("QKDTUTOR_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let chosen = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = "set QKDTUTOR_FUZZ_TARGET to one of: \(names)\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        return 2
    }
    target = chosen
    var count = argc, vector = argv
    return runDriver(&count, &vector, fuzzOneInput)
}
