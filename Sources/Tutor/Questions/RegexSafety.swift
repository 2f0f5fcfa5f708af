import Foundation

/// Answer patterns that cannot hang a lesson.
///
/// Swift's `Regex` backtracks and cannot be interrupted, so safety comes
/// from two things:
/// 1. a static check (`problem`) that refuses the shapes that backtrack
///    exponentially: a group repeated without bound that itself contains an
///    unbounded quantifier (`(a+)+`, `(a*)*`, `(\w+\s?)*`) or alternatives that can
///    match the same text (`(a|a)*`, `(a|ab)+`, `(.|a)*`);
/// 2. a bounded input (answers ≤ 1 KB) and a 100 ms budget, enforced by
///    running the match on its own thread and giving up waiting. A match past
///    the budget is reported as "pattern too slow"; its thread is abandoned
///    (it cannot be stopped), and the pattern is not tried again in this run.
public enum RegexSafety {
    public static let maxAnswerBytes = 1024
    public static let budget: Double = 0.100

    /// Why the pattern can backtrack catastrophically, or nil.
    public static func problem(_ pattern: String) -> String? {
        let chars = Array(pattern)
        // Per open group: does it contain an unbounded quantifier, its alternatives' first atoms.
        struct Group { var start: Int; var unbounded = false; var alternatives: [String] = [""] }
        var stack: [Group] = [Group(start: -1)]
        var i = 0
        var inClass = false
        /// The unbounded quantifier (if any) that follows position j.
        func unboundedAt(_ j: Int) -> Bool {
            guard j < chars.count else { return false }
            if chars[j] == "*" || chars[j] == "+" { return true }
            if chars[j] == "{", let close = chars[j...].firstIndex(of: "}") {
                let body = String(chars[(j + 1)..<close])
                return body.hasSuffix(",") || body.split(separator: ",").last.flatMap { Int($0) }.map { $0 > 64 } ?? false
            }
            return false
        }
        func endOfQuantifier(_ j: Int) -> Int {
            guard j < chars.count else { return j }
            if chars[j] == "{", let close = chars[j...].firstIndex(of: "}") { return close + 1 }
            return j + 1
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                let atom = String(chars[i..<min(i + 2, chars.count)])
                if stack[stack.count - 1].alternatives[stack[stack.count - 1].alternatives.count - 1].isEmpty {
                    stack[stack.count - 1].alternatives[stack[stack.count - 1].alternatives.count - 1] = atom
                }
                i += 2
                if unboundedAt(i) { stack[stack.count - 1].unbounded = true }
                continue
            }
            if inClass { if c == "]" { inClass = false; if unboundedAt(i + 1) { stack[stack.count - 1].unbounded = true } }; i += 1; continue }
            switch c {
            case "[":
                inClass = true
                if stack[stack.count - 1].alternatives.last!.isEmpty { stack[stack.count - 1].alternatives[stack[stack.count - 1].alternatives.count - 1] = "[" }
            case "(":
                stack.append(Group(start: i))
                // `(?:`, `(?i)`: skip the group's flags; a bare `(?i)` opens nothing.
                if i + 1 < chars.count, chars[i + 1] == "?" {
                    i += 2
                    while i < chars.count, chars[i] != ":" && chars[i] != ")" { i += 1 }
                    if i < chars.count, chars[i] == ")" { stack.removeLast() }
                }
            case "|":
                stack[stack.count - 1].alternatives.append("")
            case ")":
                guard stack.count > 1 else { break }
                let g = stack.removeLast()
                let quantified = unboundedAt(i + 1)
                if quantified && g.unbounded {
                    return "a group repeated without bound contains another unbounded quantifier (like (a+)+); make the inner part possessive or rewrite it"
                }
                if quantified && g.alternatives.count > 1 {
                    // Alternatives that may start alike (empty, '.', a class, an escape, or the same atom) can
                    // split one text many ways; a conservative test, as the linter must not miss these.
                    let firsts = g.alternatives
                    if firsts.contains("") || firsts.contains(".") || firsts.contains("[") || firsts.contains(where: { $0.hasPrefix("\\") })
                        || Set(firsts).count < firsts.count {
                        return "a group repeated without bound has alternatives that can match the same text (like (a|a)*)"
                    }
                }
                // The enclosing group now contains what this one did.
                if g.unbounded || quantified { stack[stack.count - 1].unbounded = true }
                if stack[stack.count - 1].alternatives.last!.isEmpty {
                    stack[stack.count - 1].alternatives[stack[stack.count - 1].alternatives.count - 1] = g.alternatives.count == 1 ? g.alternatives[0] : "("
                }
                i = endOfQuantifier(i + 1) - 1
            default:
                if stack[stack.count - 1].alternatives.last!.isEmpty, !"*+?{".contains(c) {
                    stack[stack.count - 1].alternatives[stack[stack.count - 1].alternatives.count - 1] = String(c)
                }
                if unboundedAt(i + 1) { stack[stack.count - 1].unbounded = true }
            }
            i += 1
        }
        return nil
    }

    /// Patterns that ran past the budget in this process: never tried again.
    nonisolated(unsafe) static var slow: Set<String> = []
    static let lock = NSLock()

    public enum Outcome: Equatable { case match, noMatch, tooSlow, invalid }

    /// Matches the whole (normalized) answer, bounded in size and time.
    public static func wholeMatch(_ pattern: String, _ text: String) -> Outcome {
        lock.lock(); let known = slow.contains(pattern); lock.unlock()
        if known || problem(pattern) != nil { return .tooSlow }
        guard let regex = try? Regex(pattern).ignoresCase() else { return .invalid }
        final class Box: @unchecked Sendable { var result: Bool?; let done = DispatchSemaphore(value: 0) }
        let box = Box()
        nonisolated(unsafe) let r = regex
        let thread = Thread {
            box.result = (try? r.wholeMatch(in: text)) != nil
            box.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        if box.done.wait(timeout: .now() + budget) == .timedOut {
            lock.lock(); slow.insert(pattern); lock.unlock()
            return .tooSlow
        }
        return box.result == true ? .match : .noMatch
    }
}
