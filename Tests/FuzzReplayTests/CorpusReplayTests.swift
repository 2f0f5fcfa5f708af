// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import FuzzEntryPoints

/// Replays the committed fuzz corpus through the fuzzers' own entry points,
/// without a sanitizer build: every input that once crashed or hung stays fixed.
@Suite struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    static func inputs(_ target: FuzzTarget) -> [URL] {
        let dir = corpus.appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func replaysCorpus(_ target: FuzzTarget) throws {
        let files = Self.inputs(target)
        // A missing or emptied folder must fail, not pass vacuously.
        #expect(files.count >= 5, "corpus for \(target.rawValue) has \(files.count) inputs")
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            target.run(bytes)
        }
    }
}
