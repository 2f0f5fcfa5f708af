import Foundation
import Testing
@testable import Tutor

/// Demo outputs (issue 18, item 4): checked before playing, written in place
/// through symlinks, devices never replaced, failures reported and cleaned up.
@Suite("Demo output files")
struct OutputFilesTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "qkd-outputs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @Test func directoryAndMissingFolderAreRefusedUpFront() {
        var o = OutputFiles()
        #expect(throws: OutputFiles.Failure.self) { try o.add(dir) }
        #expect(throws: OutputFiles.Failure.self) { try o.add(dir + "/no/such/folder/x.md") }
        #expect((try? o.add(dir + "/new.md")) != nil)
        #expect(!FileManager.default.fileExists(atPath: dir + "/new.md"), "checking creates nothing")
    }

    @Test func deviceIsWrittenInPlaceAndFullDiskIsAnError() throws {
        var o = OutputFiles()
        try o.add(dir + "/cast.json")
        try o.add("/dev/full")
        try o.write("recording", to: dir + "/cast.json")
        do {
            try o.write("handout", to: "/dev/full")
            Issue.record("writing /dev/full succeeded")
        } catch let e as OutputFiles.Failure {
            #expect(e.description == "cannot write /dev/full: No space left on device")
        }
        var st = stat()
        #expect(stat("/dev/full", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
        #expect(!FileManager.default.fileExists(atPath: dir + "/cast.json"), "the other output of the run is removed")
    }

    @Test func symlinkKeepsPointingAtItsTarget() throws {
        let target = dir + "/target.md", link = dir + "/link.md"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        var o = OutputFiles()
        try o.add(link)
        try o.write("new handout", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new handout")
    }
}
