import Foundation

/// File errors as one line a learner can act on: "cannot write FILE: reason",
/// never Foundation's "NSCocoaErrorDomain Code=512".
public enum FileErrors {
    public static func cannotWrite(_ path: String, _ error: any Error) -> String {
        "cannot write \(TerminalText.sanitize(path, keepNewlines: false)): \(reason(error))"
    }

    public static func cannotRead(_ path: String, _ error: any Error) -> String {
        "cannot read \(TerminalText.sanitize(path, keepNewlines: false)): \(reason(error))"
    }

    /// The POSIX reason under a Foundation error ("Permission denied",
    /// "No space left on device", "Is a directory"), else a short description.
    public static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let under = ns.userInfo[NSUnderlyingErrorKey] as? NSError, under.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(under.code)))
        }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "no space left on device"
            case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
            case .fileWriteVolumeReadOnly: return "read-only file system"
            case .fileWriteInvalidFileName, .fileReadInvalidFileName: return "invalid file name"
            case .fileWriteFileExists: return "file exists"
            default: break
            }
        }
        var isDir: ObjCBool = false
        if let path = ns.userInfo[NSFilePathErrorKey] as? String,
           FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            return "Is a directory"
        }
        return "write failed (\(ns.localizedFailureReason ?? "error \(ns.code)"))"
    }
}
