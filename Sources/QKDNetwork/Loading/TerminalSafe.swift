// SPDX-License-Identifier: GPL-3.0-or-later
import TextSafety

/// Scenario text reaches the terminal (titles, node names, sources, error messages), so
/// control characters are replaced before anything else sees them: an escape sequence in
/// a file must not clear the screen, retitle the window or write the clipboard (OSC 52).
/// QKDNetwork knows nothing of terminals beyond "these code points are not text" (`TextSafety`).
public enum TerminalSafe {
    /// C0 controls (U+0000–U+001F, tab and newline included: scenario fields are one line), DEL and
    /// C1 controls (U+0080–U+009F) become "?"; everything else is kept.
    public static func clean(_ s: String) -> String {
        InertText.replacing(s, with: "?", where: ControlCharacters.isTerminalControl)
    }

    static func clean(_ f: ScenarioFile) -> ScenarioFile {
        var f = f
        f.id = clean(f.id); f.title = clean(f.title); f.description = clean(f.description); f.illustrative = clean(f.illustrative)
        f.facts = f.facts.map { Fact(name: clean($0.name), value: clean($0.value), source: clean($0.source)) }
        f.defaults.preset = clean(f.defaults.preset)
        f.defaults.requests = f.defaults.requests.map { KeyRequest(from: clean($0.from), to: clean($0.to)) }
        f.nodes = f.nodes.map { n in
            var n = n; n.id = clean(n.id); n.source = clean(n.source); return n
        }
        f.nodeGroups = f.nodeGroups?.map { g in
            var g = g; g.prefix = clean(g.prefix); g.attachTo = g.attachTo.map(clean); g.source = clean(g.source); return g
        }
        f.links = f.links.map { l in
            var l = l
            l.id = l.id.map(clean); l.from = clean(l.from); l.to = clean(l.to); l.preset = l.preset.map(clean)
            l.via = l.via.map(clean); l.publishedRateSource = l.publishedRateSource.map(clean); l.source = clean(l.source)
            return l
        }
        return f
    }
}
